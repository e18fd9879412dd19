namespace Aitbc.Orleans.Attestation;

/// <summary>
/// A miner's answer to an attestation challenge: the measurement and the nonce, signed with the miner's enrolled key
/// (ECDSA P-256, IEEE P1363, over <see cref="AttestationPayload.For"/>). <see cref="Kind"/> names the verifier:
/// "software" today; a hardware TEE quote (GPU confidential computing, SEV-SNP, TDX) would travel in <see cref="Quote"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.AttestationEvidence")]
public sealed record AttestationEvidence(
    [property: Id(0)] string MinerId,
    [property: Id(1)] string Nonce,
    [property: Id(2)] AttestationMeasurement Measurement,
    [property: Id(3)] string Signature,
    [property: Id(4)] string Kind = AttestationEvidence.SoftwareKind,
    [property: Id(5)] byte[]? Quote = null)
{
    public const string SoftwareKind = "software";
}
