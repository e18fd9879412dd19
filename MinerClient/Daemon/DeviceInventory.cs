using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Miner.Detection;
using Aitbc.Orleans.Miner.Identity;
using Aitbc.Orleans.Miner.Inference;
using Aitbc.Orleans.Miner.Simulation;
using Aitbc.Orleans.Miner.Telemetry;
using Microsoft.Extensions.Logging;
using DetectedVendor = Aitbc.Orleans.Miner.Detection.GpuVendor;
using ProfileVendor = Aitbc.Orleans.Fleet.Profiles.GpuVendor;

namespace Aitbc.Orleans.Miner.Daemon;

/// <summary>
/// Turns the detected devices into this rig's registrations with an engine each (their readings come from the
/// telemetry monitor's polls), or builds a simulated fleet of rigs.
/// </summary>
public sealed class DeviceInventory(
    GpuDetectionService detection,
    ExecutionProviderSelector selector,
    PlacementAdvisor placement,
    MinerOptions options,
    InferenceEngineOptions engineSettings,
    TelemetryMonitor telemetry,
    MinerIdentity identity,
    SimulatedRigs simulated,
    ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger<DeviceInventory>();

    /// <summary>The rigs this process serves: one (this machine), or a simulated fleet's.</summary>
    public async Task<IReadOnlyList<MinerRig>> BuildAsync(string minerId, IEnrollmentRenewal? renewal, CancellationToken cancellationToken)
    {
        if (options.Simulate > 0)
        {
            return await simulated.CreateAsync(minerId, options.SyntheticDelayMs is null ? placement.Cpu : null, renewal, cancellationToken);
        }

        return [new MinerRig(new RigIdentity(minerId, identity), await DetectedDevices(minerId, cancellationToken), renewal is null ? null : renewal.RenewAsync)];
    }

    private async Task<IReadOnlyList<MinerDevice>> DetectedDevices(string minerId, CancellationToken cancellationToken)
    {

        var detected = await detection.DetectAsync(cancellationToken);
        var gpus = detected.Where(d => d.Vendor != DetectedVendor.Cpu).ToArray();
        var offered = gpus.Length == 0 || options.OfferCpu ? detected : gpus;
        var devices = new List<MinerDevice>();
        foreach (var device in offered)
        {
            var registration = Registration(minerId, device);
            var engine = device.Vendor == DetectedVendor.Cpu
                ? placement.Cpu
                : new InferenceEngine(
                    engineSettings.ForDevice(device.ExecutionProviderHint, 0, options.Concurrency),
                    selector, loggers.CreateLogger<InferenceEngine>());
            _logger.LogInformation("Offering {Name} ({Vendor}, {Memory} MB) as {Gpu} on {Provider}{Fallback}",
                device.Name, device.Vendor, device.MemoryMb, registration.GpuId, engine.Provider,
                engine.Selection.FallbackReason is { } why ? $" (fell back: {why})" : "");
            telemetry.Track(registration.GpuId, device);
            var gpuId = registration.GpuId;
            devices.Add(new MinerDevice(registration with { ExecutionProvider = engine.Provider }, engine, () => telemetry.Telemetry(gpuId), device.Driver));
        }

        return devices;
    }

    private GpuRegistration Registration(string minerId, DetectedDevice device) => new(
        $"{minerId}:{device.StableId}",
        minerId,
        device.Name,
        device.MemoryMb,
        ToProfileVendor(device.Vendor),
        device.ExecutionProviderHint,
        Location(),
        options.PriceFloor,
        options.PowerBudgetW,
        Schedule(options),
        Math.Max(1, options.Concurrency));

    /// <summary>Real devices need the rig's location (run refuses to start without one); (0, 0) would misroute every job.</summary>
    private GeoPoint Location() => options.Location is { } l
        ? new GeoPoint(l.Latitude, l.Longitude)
        : throw new InvalidOperationException("The miner has no location: set Location (or start it with --location LAT,LON or --city NAME).");

    /// <summary>Parses "HH:mm-HH:mm" windows; none means always available.</summary>
    public static AvailabilitySchedule? Schedule(MinerOptions options)
    {
        if (options.AvailabilityWindows.Count == 0)
        {
            return null;
        }

        var windows = options.AvailabilityWindows.Select(w =>
        {
            var parts = w.Split('-', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !TimeOnly.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var start)
                || !TimeOnly.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var end))
            {
                throw new FormatException($"availability window '{w}' is not HH:mm-HH:mm");
            }

            return new AvailabilityWindow(start, end);
        }).ToArray();
        return new AvailabilitySchedule(options.ScheduleTimeZone, windows);
    }

    public static ProfileVendor ToProfileVendor(DetectedVendor vendor) => vendor switch
    {
        DetectedVendor.Nvidia or DetectedVendor.Jetson => ProfileVendor.Nvidia,
        DetectedVendor.Amd => ProfileVendor.Amd,
        DetectedVendor.Intel => ProfileVendor.Intel,
        DetectedVendor.Apple => ProfileVendor.Apple,
        DetectedVendor.Cpu => ProfileVendor.Cpu,
        _ => ProfileVendor.Unknown,
    };
}
