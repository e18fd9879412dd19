namespace Aitbc.Orleans.Trust;

/// <summary>
/// The cluster's front door for clients (key 0, a stateless worker on every silo): challenges, sign-in to a session
/// token, miner certificates at enrolment, and the live list of silo gateways. GetChallenge and SignIn are the only
/// calls a client may make before it holds a session.
/// </summary>
[Alias("aitbc.IClusterAccessGrain")]
public interface IClusterAccessGrain : IGrainWithIntegerKey
{
    [Alias("GetChallenge")]
    Task<ClusterChallenge> GetChallenge();

    /// <summary>Verifies the signed challenge and the caller's enrolment or certificate; throws <see cref="SignInRefusedException"/>.</summary>
    [Alias("SignIn")]
    Task<SessionToken> SignIn(SignInRequest request);

    /// <summary>
    /// Gateways only: exchanges an operator's API key, presented to the gateway by the operator, for an operator
    /// session, so that only callers holding an operator key can credit accounts or create keys through a gateway.
    /// </summary>
    [Alias("SignInOperator")]
    Task<SessionToken> SignInOperator(string apiKey);

    /// <summary>Gateways only, at enrolment: a client certificate for the miner's enrolled key; null when the cluster has no CA (development).</summary>
    [Alias("IssueMinerCertificate")]
    Task<MinerCertificate?> IssueMinerCertificate(string minerId);

    /// <summary>Gateways only: whether a job assigned to one of the miner's GPUs runs this model (miners download only those).</summary>
    [Alias("MinerMayReadModel")]
    Task<bool> MinerMayReadModel(string minerId, string modelId);

    /// <summary>"ip:port" of every active silo's client gateway, for clients that find the cluster over HTTP.</summary>
    [Alias("GetSiloGateways")]
    Task<IReadOnlyList<string>> GetSiloGateways();
}
