using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Dispatch;

/// <summary>A miner's answer for one attempt, signed with the miner key over the job id and outputs.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.JobResult")]
public sealed record JobResult(
    [property: Id(0)] string JobId,
    [property: Id(1)] int Attempt,
    [property: Id(2)] string GpuId,
    [property: Id(3)] IReadOnlyDictionary<string, TensorData> Outputs,
    [property: Id(4)] string ExecutionProvider,
    [property: Id(5)] double QueueMs,
    [property: Id(6)] double ModelLoadMs,
    [property: Id(7)] double InferenceMs,
    [property: Id(8)] string Signature);
