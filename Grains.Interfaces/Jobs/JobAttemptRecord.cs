using Aitbc.Orleans.Fleet;

namespace Aitbc.Orleans.Jobs;

/// <summary>One routing attempt of a job and how it ended; kept so re-routes are visible.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.JobAttemptRecord")]
public sealed record JobAttemptRecord(
    [property: Id(0)] int Attempt,
    [property: Id(1)] string GpuId,
    [property: Id(2)] string Region,
    [property: Id(3)] PoolKind Pool,
    [property: Id(4)] DateTimeOffset StartedAt,
    [property: Id(5)] string Outcome);
