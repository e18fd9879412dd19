using Aitbc.Orleans.Blobs;

namespace Aitbc.Orleans.Verification;

/// <summary>A run of a checked job as stored: its outputs as blob digests (small ones inline).</summary>
[GenerateSerializer, Immutable, Alias("aitbc.StoredRun")]
public sealed record StoredRun(
    [property: Id(0)] string JobId,
    [property: Id(1)] string GpuId,
    [property: Id(2)] string MinerId,
    [property: Id(3)] List<StoredTensor> Outputs,
    [property: Id(4)] string Signature);
