namespace Aitbc.Orleans.Fleet;

/// <summary>
/// What pricing reads from a region: counts, utilisation and queue, and the mean QoS score of its routable GPUs (0.5
/// when it has none), the capability a quote in this region uses. Kept incrementally, so reading it walks nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.RegionStats")]
public sealed record RegionStats(
    [property: Id(0)] string Region,
    [property: Id(1)] int TotalGpus,
    [property: Id(2)] int AvailableGpus,
    [property: Id(3)] int BusySlots,
    [property: Id(4)] int TotalSlots,
    [property: Id(5)] int QueueLength,
    [property: Id(6)] double AverageRttMs,
    [property: Id(7)] int RoutableGpus = 0,
    [property: Id(8)] double MeanRoutableQos = 0.5)
{
    public double Utilisation => TotalSlots == 0 ? 0 : (double)BusySlots / TotalSlots;
}
