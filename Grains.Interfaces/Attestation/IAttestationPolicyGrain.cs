namespace Aitbc.Orleans.Attestation;

/// <summary>The operators' attestation allowlist (key 0). Only operators may change it.</summary>
[Alias("aitbc.IAttestationPolicyGrain")]
public interface IAttestationPolicyGrain : IGrainWithIntegerKey
{
    [Alias("Get")]
    Task<AttestationPolicy> Get();

    [Alias("Set")]
    Task<AttestationPolicy> Set(AttestationPolicy policy);
}
