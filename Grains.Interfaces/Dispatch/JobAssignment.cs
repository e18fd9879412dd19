using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Dispatch;

/// <summary>
/// One job pushed to one GPU of a miner. Attempt numbers let late answers from an earlier attempt be ignored. A private
/// job (<see cref="JobType.PrivateInference"/>) carries the plan the cluster compiled (<see cref="PrivatePlan"/>, the
/// binary form of an EncryptedPlan) and, as inputs, the ciphertext and the public evaluation keys (<see cref="PrivateJob"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.JobAssignment")]
public sealed record JobAssignment(
    [property: Id(0)] string JobId,
    [property: Id(1)] int Attempt,
    [property: Id(2)] string GpuId,
    [property: Id(3)] string ModelId,
    [property: Id(4)] string ModelSha256,
    [property: Id(5)] long ModelSizeBytes,
    [property: Id(6)] IReadOnlyDictionary<string, TensorData> Inputs,
    [property: Id(7)] DateTimeOffset Deadline,
    [property: Id(8)] JobType JobType = JobType.Inference,
    [property: Id(9)] byte[]? PrivatePlan = null);
