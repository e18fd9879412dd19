namespace Aitbc.Orleans.Fleet;

/// <summary>What a finished job tells its GPU's QoS counters.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.JobOutcome")]
public sealed record JobOutcome(
    [property: Id(0)] string JobId,
    [property: Id(1)] bool Succeeded,
    [property: Id(2)] bool Correct,
    [property: Id(3)] double LatencyMs,
    [property: Id(4)] double LatencyBudgetMs,
    [property: Id(5)] decimal Price);
