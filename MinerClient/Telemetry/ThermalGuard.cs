using System.Collections.Concurrent;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Thermal;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Miner.Telemetry;

/// <summary>
/// The rig's own thermal bands per device, from its own sensor readings and the same band logic as the cluster
/// (<see cref="ThermalBands"/>). It acts without the cluster: at Critical the daemon takes no new work, at Shutdown
/// (the emergency band) it stops what runs. The cluster's state machine stays the authority for routing and slashing;
/// this only keeps a rig that lost its connection, or a cluster that is slow to react, from cooking the GPU.
/// </summary>
public sealed class ThermalGuard(ThermalThresholds thresholds, ILogger<ThermalGuard> logger)
{
    private readonly ConcurrentDictionary<string, (ThermalState State, double? LastC)> _devices = new(StringComparer.Ordinal);

    public ThermalThresholds Thresholds => thresholds;

    public ThermalState StateOf(string gpuId) => _devices.TryGetValue(gpuId, out var d) ? d.State : ThermalState.Normal;

    public bool AcceptsWork(string gpuId) => ThermalBands.AcceptsWork(StateOf(gpuId));

    /// <summary>Why the device refuses work, or null when it takes it.</summary>
    public string? RefusalReason(string gpuId)
    {
        if (!_devices.TryGetValue(gpuId, out var d) || ThermalBands.AcceptsWork(d.State))
        {
            return null;
        }

        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{gpuId} is thermally {d.State.ToString().ToLowerInvariant()} on the rig's own sensor ({d.LastC:0.#} °C); it takes no work until it cools");
    }

    /// <summary>Applies a reading (null: unknown, the band stays) and returns true when the device has just entered the emergency band.</summary>
    public bool Observe(string gpuId, double? temperatureC)
    {
        var before = _devices.TryGetValue(gpuId, out var d) ? d : (ThermalState.Normal, null);
        var next = ThermalBands.Next(thresholds, before.State, temperatureC);
        _devices[gpuId] = (next, temperatureC ?? before.LastC);
        if (next == before.State)
        {
            return false;
        }

        logger.Log(next >= ThermalState.Critical ? LogLevel.Warning : LogLevel.Information,
            "{Gpu} thermal {From} -> {To} at {Temp} °C (local guard){Action}", gpuId, before.State, next, temperatureC,
            next == ThermalState.Shutdown ? ": stopping its jobs" : next == ThermalState.Critical ? ": taking no new work" : "");
        return next == ThermalState.Shutdown;
    }
}
