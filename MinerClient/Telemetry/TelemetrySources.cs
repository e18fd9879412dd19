using Aitbc.Orleans.Miner.Detection;

namespace Aitbc.Orleans.Miner.Telemetry;

/// <summary>Which tool reads which vendor's devices. Apple GPUs have none without root (powermetrics), so they report missing readings.</summary>
public static class TelemetrySources
{
    /// <summary>Vendor tools that hang are cut off well before the next poll.</summary>
    public static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(4);

    public static IReadOnlyDictionary<GpuVendor, ITelemetrySource> CreateDefault(IProcessRunner runner, ISystemFileReader files) =>
        new Dictionary<GpuVendor, ITelemetrySource>
        {
            [GpuVendor.Nvidia] = new NvidiaSmiTelemetry(runner, ToolTimeout),
            [GpuVendor.Amd] = new DetectorTelemetry(new RocmSmiDetector(runner, ToolTimeout)),
            [GpuVendor.Intel] = new DetectorTelemetry(new IntelGpuDetector(runner, files, ToolTimeout)),
            [GpuVendor.Jetson] = new DetectorTelemetry(new JetsonDetector(runner, files, TimeSpan.FromSeconds(1.5))),
            [GpuVendor.Cpu] = new CpuTelemetry(files),
        };
}
