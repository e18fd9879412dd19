namespace Aitbc.Orleans.Fleet;

/// <summary>One heartbeat's live readings for one GPU.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.GpuTelemetry")]
public sealed record GpuTelemetry(
    [property: Id(0)] double TemperatureC,
    [property: Id(1)] double PowerWatts,
    [property: Id(2)] double UtilisationPercent,
    [property: Id(3)] long MemoryUsedMb,
    [property: Id(4)] double RttMs,
    [property: Id(5)] double BandwidthMBps);
