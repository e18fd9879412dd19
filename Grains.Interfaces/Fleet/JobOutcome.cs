namespace Aitbc.Orleans.Fleet;

/// <summary>
/// What one attempt tells its GPU's QoS counters. Every ending is recorded (success, wrong result, failure, timeout,
/// abandonment). <see cref="Verified"/>: the result was re-executed elsewhere, so <see cref="Correct"/> is known (only
/// verified results move accuracy). <see cref="AmendsRecorded"/>: a verdict on a job whose run was recorded already,
/// which adds to accuracy but not to the job count.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.JobOutcome")]
public sealed record JobOutcome(
    [property: Id(0)] string JobId,
    [property: Id(1)] bool Succeeded,
    [property: Id(2)] bool Correct,
    [property: Id(3)] double LatencyMs,
    [property: Id(4)] double LatencyBudgetMs,
    [property: Id(5)] decimal Price,
    [property: Id(6)] JobOutcomeKind Kind = JobOutcomeKind.Success,
    [property: Id(7)] bool Verified = false,
    [property: Id(8)] bool AmendsRecorded = false);
