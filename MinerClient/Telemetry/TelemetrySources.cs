using Aitbc.Orleans.Miner.Detection;

namespace Aitbc.Orleans.Miner.Telemetry;

/// <summary>
/// Which tool reads which vendor's devices: NVML in-process where the driver's library loads, else nvidia-smi;
/// rocm-smi; xpu-smi or sysfs; tegrastats; procfs and hwmon for the CPU. Apple GPUs have no reader without root
/// (powermetrics), so they report missing readings.
/// </summary>
public static class TelemetrySources
{
    /// <summary>Vendor tools that hang are cut off well before the next poll.</summary>
    public static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(4);

    /// <param name="useNvml">False: always poll nvidia-smi (tests and benchmarks that stand a fake tool in for it).</param>
    public static IReadOnlyDictionary<GpuVendor, ITelemetrySource> CreateDefault(IProcessRunner runner, ISystemFileReader files, bool useNvml = true) =>
        new Dictionary<GpuVendor, ITelemetrySource>
        {
            [GpuVendor.Nvidia] = (useNvml ? NvmlTelemetry.TryCreate() : null) as ITelemetrySource ?? new NvidiaSmiTelemetry(runner, ToolTimeout),
            [GpuVendor.Amd] = new DetectorTelemetry(new RocmSmiDetector(runner, ToolTimeout)),
            [GpuVendor.Intel] = new DetectorTelemetry(new IntelGpuDetector(runner, files, ToolTimeout)),
            [GpuVendor.Jetson] = new DetectorTelemetry(new JetsonDetector(runner, files, TimeSpan.FromSeconds(1.5))),
            [GpuVendor.Cpu] = new CpuTelemetry(files),
        };
}
