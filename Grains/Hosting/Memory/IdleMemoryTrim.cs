using System.Diagnostics;
using Aitbc.Orleans.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Hosting.Memory;

/// <summary>Checks the GC's figures every few seconds and trims when <see cref="IdleMemoryTrimPolicy"/> says so.</summary>
public sealed class IdleMemoryTrim(IOptions<IdleMemoryTrimOptions> options, TimeProvider time, ILogger<IdleMemoryTrim> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return;
        }

        var policy = new IdleMemoryTrimPolicy(o);
        using var timer = new PeriodicTimer(o.CheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var before = GcSample.Now();
                if (!policy.ShouldTrim(before, time.GetUtcNow()))
                {
                    continue;
                }

                var started = Stopwatch.GetTimestamp();
                GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                var after = GcSample.Now();
                policy.Trimmed(after);
                var pause = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var returned = Math.Max(0, before.CommittedBytes - after.CommittedBytes);
                AitbcMetrics.MemoryTrimPause.Record(pause);
                AitbcMetrics.MemoryTrimReturned.Add(returned);
                logger.LogInformation(
                    "Idle silo: returned {Returned:N0} MiB of empty GC memory to the operating system in {Pause:N0} ms (committed {Before:N0} → {After:N0} MiB)",
                    returned / (1024 * 1024), pause,
                    before.CommittedBytes / (1024 * 1024), after.CommittedBytes / (1024 * 1024));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
