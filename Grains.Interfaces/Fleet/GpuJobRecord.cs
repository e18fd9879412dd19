namespace Aitbc.Orleans.Fleet;

/// <summary>
/// One recent job ending on a GPU, for its owner's dashboard and the energy metric: the job's latency and price, and
/// the power the GPU reported when it ended (a rig's claim; null when unknown).
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.GpuJobRecord")]
public sealed record GpuJobRecord(
    [property: Id(0)] string JobId,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] JobOutcomeKind Kind,
    [property: Id(3)] double LatencyMs,
    [property: Id(4)] decimal Price,
    [property: Id(5)] double? PowerWatts);
