using Aitbc.Orleans.Miner.Detection;

namespace Aitbc.Orleans.Miner.Telemetry;

/// <summary>
/// Readings from a vendor detector run again (rocm-smi for AMD, xpu-smi or sysfs hwmon for Intel, tegrastats for
/// Jetson): temperature, power and utilisation where that tool reports them, matched by stable id.
/// </summary>
public sealed class DetectorTelemetry(IGpuDetector detector) : ITelemetrySource
{
    public string Name => detector.Name;

    public async Task<IReadOnlyDictionary<string, DeviceReading>> ReadAsync(CancellationToken cancellationToken)
    {
        var found = await detector.DetectAsync(cancellationToken);
        var readings = new Dictionary<string, DeviceReading>(StringComparer.Ordinal);
        foreach (var d in found.Devices)
        {
            readings[d.StableId] = new DeviceReading(d.TemperatureC, d.PowerW, d.UtilisationPercent, null, null, null);
        }

        return readings;
    }
}
