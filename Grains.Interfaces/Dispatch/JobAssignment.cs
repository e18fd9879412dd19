using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Dispatch;

/// <summary>
/// One job pushed to one GPU of a miner. Attempt numbers let late answers from an earlier attempt be ignored. A private
/// job (<see cref="JobType.PrivateInference"/>) carries the plan the cluster compiled (<see cref="PrivatePlan"/>, the
/// binary form of an EncryptedPlan) and, as inputs, the ciphertext and the public evaluation keys (<see cref="PrivateJob"/>).
/// <see cref="Precision"/> is the variant to run (chosen at routing for this GPU); for fp16 and int8,
/// <see cref="VariantSha256"/> and <see cref="VariantSizeBytes"/> name its bytes (null and 0 for fp32: the model itself).
/// <see cref="AcknowledgeWithin"/> is the cluster's acknowledgement timeout for this push, from which the daemon takes
/// how long it may wait for a quick result to acknowledge the attempt instead (zero: unknown, acknowledge at once).
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
    [property: Id(9)] byte[]? PrivatePlan = null,
    [property: Id(10)] Precision Precision = Precision.Fp32,
    [property: Id(11)] string? VariantSha256 = null,
    [property: Id(12)] long VariantSizeBytes = 0,
    [property: Id(13)] TimeSpan AcknowledgeWithin = default);
