namespace Aitbc.Orleans.Attestation;

[GenerateSerializer, Alias("aitbc.AttestationPolicyState")]
public sealed class AttestationPolicyState
{
    [Id(0)] public AttestationPolicy? Policy { get; set; }
}
