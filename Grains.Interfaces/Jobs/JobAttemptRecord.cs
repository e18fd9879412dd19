using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Profiles;

namespace Aitbc.Orleans.Jobs;

/// <summary>
/// One routing attempt of a job and how it ended; kept so re-routes are visible. Precision: the model variant the GPU
/// was sent; Warm: whether its miner reported holding the model when it was chosen.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.JobAttemptRecord")]
public sealed record JobAttemptRecord(
    [property: Id(0)] int Attempt,
    [property: Id(1)] string GpuId,
    [property: Id(2)] string Region,
    [property: Id(3)] PoolKind Pool,
    [property: Id(4)] DateTimeOffset StartedAt,
    [property: Id(5)] string Outcome,
    [property: Id(6)] Precision Precision = Precision.Fp32,
    [property: Id(7)] bool Warm = false);
