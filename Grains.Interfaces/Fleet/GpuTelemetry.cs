namespace Aitbc.Orleans.Fleet;

/// <summary>
/// One heartbeat's live readings for one GPU, as the rig claims them. A vendor reading the miner could not take this
/// time is null (unknown), never the last good value and never 0: the cluster's thermal bands stay where they were on
/// a missing temperature. <see cref="ClusterRttMs"/> is the miner's own round trip to a cluster grain over its Orleans
/// connection (the rig's link to the cluster, not any client's path to the rig); <see cref="BandwidthMBps"/> is the
/// rig's measured download rate from the gateway (model downloads and the periodic probe), null until measured.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.GpuTelemetry")]
public sealed record GpuTelemetry(
    [property: Id(0)] double? TemperatureC,
    [property: Id(1)] double? PowerWatts,
    [property: Id(2)] double? UtilisationPercent,
    [property: Id(3)] long? MemoryUsedMb,
    [property: Id(4)] double ClusterRttMs,
    [property: Id(5)] double? BandwidthMBps,
    [property: Id(6)] double? GraphicsClockMhz = null,
    [property: Id(7)] double? MemoryClockMhz = null);
