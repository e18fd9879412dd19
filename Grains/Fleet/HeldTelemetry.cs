namespace Aitbc.Orleans.Fleet;

/// <summary>
/// A GPU's latest readings held inline in its state. Keeping each heartbeat's <see cref="GpuTelemetry"/> object instead
/// stored a young object in a long-lived state at every heartbeat (at 100k GPUs, 6,700 a second, each kept 15 s), which
/// the collector then promoted. Here a heartbeat overwrites values and the message dies young. A missing reading is
/// NaN (<see cref="long.MinValue"/> for memory), so it reads back as null.
/// </summary>
internal readonly struct HeldTelemetry
{
    private const long NoMemory = long.MinValue;

    private readonly double _temperatureC;
    private readonly double _powerWatts;
    private readonly double _utilisationPercent;
    private readonly double _clusterRttMs;
    private readonly double _bandwidthMBps;
    private readonly double _graphicsClockMhz;
    private readonly double _memoryClockMhz;
    private readonly long _memoryUsedMb;

    private HeldTelemetry(GpuTelemetry telemetry)
    {
        _temperatureC = telemetry.TemperatureC ?? double.NaN;
        _powerWatts = telemetry.PowerWatts ?? double.NaN;
        _utilisationPercent = telemetry.UtilisationPercent ?? double.NaN;
        _clusterRttMs = telemetry.ClusterRttMs;
        _bandwidthMBps = telemetry.BandwidthMBps ?? double.NaN;
        _graphicsClockMhz = telemetry.GraphicsClockMhz ?? double.NaN;
        _memoryClockMhz = telemetry.MemoryClockMhz ?? double.NaN;
        _memoryUsedMb = telemetry.MemoryUsedMb ?? NoMemory;
        Present = true;
    }

    /// <summary>False until the GPU's first heartbeat (what a null <see cref="GpuState.LastTelemetry"/> was).</summary>
    public bool Present { get; }

    public double? TemperatureC => Reading(_temperatureC);

    public double? PowerWatts => Reading(_powerWatts);

    public double? BandwidthMBps => Reading(_bandwidthMBps);

    /// <summary>The miner's round trip to the cluster; null only before the first heartbeat.</summary>
    public double? ClusterRttMs => Present ? _clusterRttMs : null;

    public static HeldTelemetry Of(GpuTelemetry? telemetry) => telemetry is null ? default : new HeldTelemetry(telemetry);

    /// <summary>The readings as the message they came in (for storage and snapshots; allocates).</summary>
    public GpuTelemetry? ToMessage() => Present
        ? new GpuTelemetry(TemperatureC, PowerWatts, Reading(_utilisationPercent), _memoryUsedMb == NoMemory ? null : _memoryUsedMb,
            _clusterRttMs, BandwidthMBps, Reading(_graphicsClockMhz), Reading(_memoryClockMhz))
        : null;

    private double? Reading(double value) => Present && !double.IsNaN(value) ? value : null;
}
