namespace Aitbc.Orleans.Jobs;

/// <summary>The answer to a submission: the job as it is now, and whether it existed before (an idempotent replay).</summary>
[GenerateSerializer, Immutable, Alias("aitbc.JobSubmitted")]
public sealed record JobSubmitted(
    [property: Id(0)] JobView View,
    [property: Id(1)] bool Replayed);
