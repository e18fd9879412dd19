namespace Aitbc.Orleans.Attestation;

/// <summary>
/// One miner's attestation (keyed by miner id): the cluster's challenge, the signed measurement checked against the
/// operators' allowlist, and the attestation it issues (24 h). The routing flag "attested" of the miner's GPUs comes
/// from here alone. Software attestation proves the enrolled key and the declared software, not a hardware TEE.
/// </summary>
[Alias("aitbc.IMinerAttestationGrain")]
public interface IMinerAttestationGrain : IGrainWithStringKey
{
    [Alias("Challenge")]
    Task<AttestationChallenge> Challenge();

    [Alias("Attest")]
    Task<AttestationResult> Attest(AttestationEvidence evidence);

    [Alias("Get")]
    Task<AttestationStatus> Get();
}
