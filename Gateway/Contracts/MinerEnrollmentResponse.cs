namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>
/// The enrolled miner and its credentials: a miner API key (shown only here, once) for the HTTP gateway, and, where the
/// cluster runs TLS, the client certificate the cluster CA issued for the miner's key and that CA (PEM), which the
/// daemon stores beside its identity key.
/// </summary>
public sealed record MinerEnrollmentResponse(
    string MinerId, string? Name, string PublicKey, string OwnerAccountId, string LedgerAccountId, DateTimeOffset EnrolledAt, string Credential,
    string? Certificate = null, string? CaCertificate = null);
