using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Verification;

/// <summary>One run of a checked job: who ran it, what it answered, and the evidence (the result digest and the miner's signature over it).</summary>
[GenerateSerializer, Immutable, Alias("aitbc.VerificationRun")]
public sealed record VerificationRun(
    [property: Id(0)] string JobId,
    [property: Id(1)] string GpuId,
    [property: Id(2)] string MinerId,
    [property: Id(3)] IReadOnlyDictionary<string, TensorData> Outputs,
    [property: Id(4)] string Signature)
{
    /// <summary>SHA-256 of the job id and outputs, hex: what the signature covers.</summary>
    public string Digest => Convert.ToHexString(ResultDigest.Compute(JobId, Outputs));

    public string Evidence => $"job {JobId} on {GpuId} (miner {MinerId}): digest {Digest}, signature {Signature}";
}
