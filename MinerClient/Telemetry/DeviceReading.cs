namespace Aitbc.Orleans.Miner.Telemetry;

/// <summary>One poll's vendor readings for one device; each is null when the tool did not give it this time.</summary>
public sealed record DeviceReading(
    double? TemperatureC,
    double? PowerWatts,
    double? UtilisationPercent,
    long? MemoryUsedMb,
    double? GraphicsClockMhz,
    double? MemoryClockMhz)
{
    /// <summary>Nothing known: the poll failed, or the device was absent from the tool's answer.</summary>
    public static DeviceReading Missing { get; } = new(null, null, null, null, null, null);
}
