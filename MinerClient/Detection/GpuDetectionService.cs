using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Miner.Detection;

/// <summary>
/// Runs every vendor detector and returns what this machine can offer, CPU always last. A missing tool, odd output or a
/// detector bug means "none of that vendor": it is logged once at debug and never thrown, because a miner with one broken
/// vendor tool should still serve with the others.
/// </summary>
public sealed class GpuDetectionService
{
    public static readonly TimeSpan DefaultToolTimeout = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan DefaultTegrastatsWindow = TimeSpan.FromSeconds(2);

    private readonly IReadOnlyList<IGpuDetector> _detectors;
    private readonly CpuDetector _cpu;
    private readonly ILogger _logger;

    // Detection repeats for telemetry; the same "why none" is not worth repeating in the log.
    private readonly ConcurrentDictionary<string, string> _lastLoggedReason = new(StringComparer.Ordinal);

    public GpuDetectionService(IReadOnlyList<IGpuDetector> detectors, CpuDetector cpu, ILogger<GpuDetectionService> logger)
    {
        _detectors = detectors;
        _cpu = cpu;
        _logger = logger;
    }

    /// <summary>The standard detector set: NVIDIA, AMD, Intel, Apple, Jetson, then CPU.</summary>
    public static GpuDetectionService CreateDefault(
        IProcessRunner runner, ISystemFileReader files, ILogger<GpuDetectionService> logger, TimeSpan? toolTimeout = null, int? logicalCores = null)
    {
        var timeout = toolTimeout ?? DefaultToolTimeout;
        IGpuDetector[] detectors =
        [
            new NvidiaSmiDetector(runner, timeout),
            new RocmSmiDetector(runner, timeout),
            new IntelGpuDetector(runner, files, timeout),
            new AppleGpuDetector(runner, timeout),
            new JetsonDetector(runner, files, DefaultTegrastatsWindow),
        ];
        return new GpuDetectionService(detectors, new CpuDetector(runner, files, timeout, logicalCores), logger);
    }

    public async Task<IReadOnlyList<DetectedDevice>> DetectAsync(CancellationToken cancellationToken = default)
    {
        // Vendor tools are slow (rocm-smi is Python, system_profiler takes seconds), so they run side by side.
        var results = await Task.WhenAll(_detectors.Select(detector => RunSafelyAsync(detector, cancellationToken)));
        var devices = results.SelectMany(found => found).ToList();

        // Newer JetPacks ship an nvidia-smi that lists the module's integrated GPU ("Orin (nvgpu)") with no memory; the Jetson entry already covers it.
        if (devices.Any(device => device.Vendor == GpuVendor.Jetson))
        {
            devices.RemoveAll(IsJetsonIntegratedGpuSeenByNvidiaSmi);
        }

        devices.Add(await _cpu.DetectAsync(cancellationToken));
        return devices;
    }

    private static bool IsJetsonIntegratedGpuSeenByNvidiaSmi(DetectedDevice device) =>
        device.Vendor == GpuVendor.Nvidia && (device.MemoryMb == 0 || device.Name.Contains("nvgpu", StringComparison.OrdinalIgnoreCase));

    private async Task<IReadOnlyList<DetectedDevice>> RunSafelyAsync(IGpuDetector detector, CancellationToken cancellationToken)
    {
        try
        {
            var result = await detector.DetectAsync(cancellationToken);
            if (result.Devices.Count == 0)
            {
                LogOnce(detector.Name, result.WhyNone ?? "nothing found");
            }

            return result.Devices;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            LogOnce(detector.Name, $"detector failed: {ex.GetType().Name}: {ex.Message}");
            return [];
        }
    }

    private void LogOnce(string detector, string reason)
    {
        if (_lastLoggedReason.TryGetValue(detector, out var previous) && previous == reason)
        {
            return;
        }

        _lastLoggedReason[detector] = reason;
        _logger.LogDebug("No {Vendor} devices: {Reason}", detector, reason);
    }
}
