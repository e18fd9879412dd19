namespace Aitbc.Orleans.Jobs;

[GenerateSerializer, Immutable, Alias("aitbc.JobTimings")]
public sealed record JobTimings(
    [property: Id(0)] double QueueMs,
    [property: Id(1)] double EstimatedRttMs,
    [property: Id(2)] double ModelLoadMs,
    [property: Id(3)] double InferenceMs,
    [property: Id(4)] double TotalMs)
{
    public static JobTimings Empty { get; } = new(0, 0, 0, 0, 0);
}
