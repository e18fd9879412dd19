using System.Collections.Concurrent;
using System.Diagnostics;
using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Routing;
using Aitbc.Orleans.Routing.Snapshot;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Fleet.Deltas;

/// <summary>
/// How routing summaries leave this silo's GPU rows for their regions: batched and coalesced. A reservation, a release,
/// a job's outcome or a heartbeat only puts the GPU's latest summary in its region's outbox (latest per GPU wins: a GPU
/// reserved and released within the interval sends one summary, not two); every <see cref="RoutingOptions.SummaryBatchInterval"/>
/// each region gets what waits as one <see cref="IRegionGrain.UpsertMany"/> (lease renewals of unchanged summaries wait
/// up to <see cref="RoutingOptions.RenewalBatchInterval"/> unless a change goes with them). Changes of whether a GPU may take work at
/// all (registration, offline, blocks, thermal state) are sent at once through the same outbox, so they keep their order
/// with the batches. This silo's own <see cref="FleetSnapshot"/> sees each summary as it is queued. Summaries are soft
/// state: a batch lost with this silo is repaired by the rows' next publication or lease renewal (at most half a
/// liveness period), and a failed send is retried with the next interval.
/// </summary>
public sealed class RegionDeltaBatcher : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly FleetSnapshot _snapshot;
    private readonly IGrainFactory _grains;
    private readonly RoutingOptions _options;
    private readonly ILogger<RegionDeltaBatcher> _logger;
    private readonly ConcurrentDictionary<string, RegionOutbox> _outboxes = new(StringComparer.Ordinal);
    private readonly PeriodicSiloLoop _loop;
    private long _queued;
    private long _sent;
    private long _batches;

    public RegionDeltaBatcher(FleetSnapshot snapshot, IGrainFactory grains, IOptions<RoutingOptions> options, ILogger<RegionDeltaBatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _snapshot = snapshot;
        _grains = grains;
        _options = options.Value;
        _logger = logger;
        _loop = new PeriodicSiloLoop("Sending routing summaries to regions", _options.SummaryBatchInterval, _ => SendDue(), logger);
    }

    /// <summary>Summaries queued by rows, summaries sent to regions, and messages that carried them, since the silo started.</summary>
    public (long Queued, long Sent, long Batches) Counts => (Interlocked.Read(ref _queued), Interlocked.Read(ref _sent), Interlocked.Read(ref _batches));

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(RegionDeltaBatcher), ServiceLifecycleStage.Active, _loop.Start, Stop);
    }

    /// <summary>Queues a summary for its region's next batch; <paramref name="changed"/> is false for a lease renewal of an unchanged one.</summary>
    public void Post(string region, GpuRoutingSummary summary, bool changed)
    {
        ArgumentNullException.ThrowIfNull(summary);
        Outbox(region).Add(summary, changed);
        Interlocked.Increment(ref _queued);
        SeeLocally(region, summary);
    }

    /// <summary>Sends a summary now, with whatever waits for its region, after any batch in flight: the caller's next step sees it.</summary>
    public async Task Publish(string region, GpuRoutingSummary summary)
    {
        Post(region, summary, changed: true);
        Sent(await Outbox(region).Send(Region(region)));
    }

    /// <summary>Removes a GPU from a region (it moved): nothing queued for it there is sent after.</summary>
    public Task Remove(string region, string gpuId) => Outbox(region).Remove(Region(region), gpuId);

    /// <summary>Sends every region's waiting summaries now (tests, shutdown).</summary>
    public Task FlushAsync() => Task.WhenAll(_outboxes.Values.Select(o => SendLogged(o, force: true)));

    public void Dispose() => _loop.Dispose();

    private void SeeLocally(string region, GpuRoutingSummary summary)
    {
        // The router knows what this silo's rows just did; other silos see it with the region's next batch.
        if (_options.SnapshotSeesOwnChanges)
        {
            _snapshot.Learn(region, summary);
        }
    }

    private RegionOutbox Outbox(string region) => _outboxes.GetOrAdd(region, static r => new RegionOutbox(r));

    private IRegionGrain Region(string region) => _grains.Grain<IRegionGrain>(region);

    private void Sent(int summaries)
    {
        if (summaries > 0)
        {
            Interlocked.Add(ref _sent, summaries);
            Interlocked.Increment(ref _batches);
        }
    }

    private async Task Stop(CancellationToken cancellationToken)
    {
        await _loop.StopAsync(TimeSpan.FromSeconds(1));

        // What waits goes out before the silo stops; a region that cannot take it now gets it from the rows' renewals.
        await Task.WhenAny(FlushAsync(), Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None));
    }

    private Task SendDue()
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var outbox in _outboxes.Values)
        {
            if (outbox.Due(now, _options.RenewalBatchInterval))
            {
                // Regions are sent to side by side; a slow one skips intervals and then sends everything it gathered.
                _ = SendLogged(outbox, force: false);
            }
        }

        return Task.CompletedTask;
    }

    private async Task SendLogged(RegionOutbox outbox, bool force)
    {
        try
        {
            Sent(await outbox.Send(Region(outbox.Region)));
        }
        catch (Exception ex)
        {
            // Kept in the outbox: the next interval sends it again (the region's silo may be failing over).
            _logger.Log(force ? LogLevel.Warning : LogLevel.Debug, ex, "Sending routing summaries to region {Region} failed; retrying", outbox.Region);
        }
    }
}
