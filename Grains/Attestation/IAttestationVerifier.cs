namespace Aitbc.Orleans.Attestation;

/// <summary>
/// Checks one kind of attestation evidence. The software verifier is the only one today; a hardware TEE quote verifier
/// (NVIDIA confidential computing, AMD SEV-SNP, Intel TDX) registers another implementation with its own
/// <see cref="Kind"/> and checks the quote's chain to the vendor's root, its report data (which must bind the nonce and
/// the enrolled key) and its measurements, returning the same verdict.
/// </summary>
public interface IAttestationVerifier
{
    string Kind { get; }

    AttestationVerdict Verify(AttestationEvidence evidence, string enrolledPublicKey, AttestationPolicy policy, DateTimeOffset now);
}
