using System.Collections.Concurrent;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Miner.Detection;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Miner.Telemetry;

/// <summary>
/// Polls each vendor's tool for the devices the miner offers, every interval, whether or not the cluster is reachable,
/// and feeds the local <see cref="ThermalGuard"/>. Every poll replaces the previous readings: a device that a tool
/// failed to report this time reads as missing, not as its last good value, and readings older than three intervals
/// (a poll that hangs) are missing too.
/// </summary>
public sealed class TelemetryMonitor(
    IReadOnlyDictionary<GpuVendor, ITelemetrySource> sources,
    ThermalGuard guard,
    TimeSpan interval,
    ILogger<TelemetryMonitor> logger,
    TimeProvider? time = null) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, (GpuVendor Vendor, string StableId)> _tracked = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _lastFailure = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SemaphoreSlim _pollLock = new(1, 1);
    private volatile Snapshot _latest = new(new Dictionary<string, DeviceReading>(), DateTimeOffset.MinValue);
    private CancellationTokenSource? _stop;
    private Task _loop = Task.CompletedTask;

    /// <summary>Called with a device's id when it enters the emergency band, so that its jobs stop.</summary>
    public Action<string>? OnEmergency { get; set; }

    public ThermalGuard Guard => guard;

    public long Polls => Interlocked.Read(ref _polls);

    private long _polls;

    public void Track(string gpuId, DetectedDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _tracked[gpuId] = (device.Vendor, device.StableId);
    }

    /// <summary>The device's latest readings as heartbeat telemetry; the agent adds the cluster RTT and bandwidth.</summary>
    public GpuTelemetry Telemetry(string gpuId)
    {
        var latest = _latest;
        var fresh = _time.GetUtcNow() - latest.At <= interval * 3;
        var r = fresh && latest.Readings.TryGetValue(gpuId, out var found) ? found : DeviceReading.Missing;
        return new GpuTelemetry(r.TemperatureC, r.PowerWatts, r.UtilisationPercent, r.MemoryUsedMb, 0, null, r.GraphicsClockMhz, r.MemoryClockMhz);
    }

    /// <summary>One poll of every vendor with a tracked device, then the guard. Concurrent callers share one poll at a time.</summary>
    public async Task PollAsync(CancellationToken cancellationToken = default)
    {
        await _pollLock.WaitAsync(cancellationToken);
        try
        {
            var vendors = _tracked.Values.Select(t => t.Vendor).Distinct().Where(sources.ContainsKey).ToArray();
            var answers = await Task.WhenAll(vendors.Select(v => ReadSafely(sources[v], cancellationToken)));
            var byVendor = vendors.Zip(answers).ToDictionary(p => p.First, p => p.Second);
            var readings = new Dictionary<string, DeviceReading>(StringComparer.Ordinal);
            foreach (var (gpuId, (vendor, stableId)) in _tracked)
            {
                readings[gpuId] = byVendor.TryGetValue(vendor, out var answer) && answer.TryGetValue(stableId, out var reading)
                    ? reading
                    : DeviceReading.Missing;
            }

            _latest = new Snapshot(readings, _time.GetUtcNow());
            Interlocked.Increment(ref _polls);
            foreach (var (gpuId, reading) in readings)
            {
                if (guard.Observe(gpuId, reading.TemperatureC))
                {
                    OnEmergency?.Invoke(gpuId);
                }
            }
        }
        finally
        {
            _pollLock.Release();
        }
    }

    /// <summary>Polls every interval until <see cref="StopAsync"/>.</summary>
    public void Start()
    {
        if (_stop is not null)
        {
            return;
        }

        _stop = new CancellationTokenSource();
        _loop = Loop(_stop.Token);
    }

    public async Task StopAsync()
    {
        if (_stop is null)
        {
            return;
        }

        await _stop.CancelAsync();
        await _loop;
    }

    private async Task Loop(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await PollAsync(stop);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning("Telemetry poll failed: {Error}", ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // stopping
        }
    }

    private async Task<IReadOnlyDictionary<string, DeviceReading>> ReadSafely(ITelemetrySource source, CancellationToken cancellationToken)
    {
        try
        {
            var readings = await source.ReadAsync(cancellationToken);
            if (readings.Count == 0)
            {
                LogOnce(source.Name, "no readings");
            }
            else
            {
                _lastFailure.TryRemove(source.Name, out _);
            }

            return readings;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogOnce(source.Name, $"{ex.GetType().Name}: {ex.Message}");
            return new Dictionary<string, DeviceReading>();
        }
    }

    // A tool that keeps failing is logged when it starts failing, not on every poll.
    private void LogOnce(string source, string reason)
    {
        if (_lastFailure.TryGetValue(source, out var previous) && previous == reason)
        {
            return;
        }

        _lastFailure[source] = reason;
        logger.LogWarning("Telemetry from {Source} failed ({Reason}); its devices report missing readings", source, reason);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop?.Dispose();
        _pollLock.Dispose();
    }

    private sealed record Snapshot(IReadOnlyDictionary<string, DeviceReading> Readings, DateTimeOffset At);
}
