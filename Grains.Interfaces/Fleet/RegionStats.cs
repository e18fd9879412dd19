namespace Aitbc.Orleans.Fleet;

/// <summary>What pricing reads from a region: counts, utilisation and queue.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.RegionStats")]
public sealed record RegionStats(
    [property: Id(0)] string Region,
    [property: Id(1)] int TotalGpus,
    [property: Id(2)] int AvailableGpus,
    [property: Id(3)] int BusySlots,
    [property: Id(4)] int TotalSlots,
    [property: Id(5)] int QueueLength,
    [property: Id(6)] double AverageRttMs)
{
    public double Utilisation => TotalSlots == 0 ? 0 : (double)BusySlots / TotalSlots;
}
