using Aitbc.Orleans.Fleet;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Routing.Snapshot;

/// <summary>
/// Keeps this silo's <see cref="FleetSnapshot"/> current: one loop per region asks the region grain for the changes
/// since the version it holds (a long poll that answers at the first change, or after the wait with nothing), applies
/// them, and pauses <see cref="RoutingOptions.SnapshotBatchInterval"/> so that changes arrive in batches. Pulling
/// rather than pushing keeps the region's turns free of waits on readers, lets a new or restarted silo catch up by
/// itself (version 0 gets a full copy), and costs an idle silo one call per region per long-poll wait. Runs while the
/// silo is active (a silo lifecycle participant), on the process clock: operational time, not domain time.
/// </summary>
public sealed class FleetSnapshotSync : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);
    private readonly FleetSnapshot _snapshot;
    private readonly IGrainFactory _grains;
    private readonly RoutingOptions _options;
    private readonly ILogger<FleetSnapshotSync> _logger;
    private readonly CoalescedRefresh[] _refresh;
    private readonly CancellationTokenSource _stopping = new();
    private long _pulls;
    private long _pulledGpus;

    public FleetSnapshotSync(FleetSnapshot snapshot, IGrainFactory grains, IOptions<RoutingOptions> options, ILogger<FleetSnapshotSync> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _snapshot = snapshot;
        _grains = grains;
        _options = options.Value;
        _logger = logger;
        _refresh = snapshot.Regions.Select(r => new CoalescedRefresh(() => RefreshOnce(r), _options.SnapshotRefreshSpacing)).ToArray();
    }

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(FleetSnapshotSync), ServiceLifecycleStage.Active, Start, Stop);
    }

    /// <summary>
    /// Completes once every region has been read by a pull that started after this call: what any region held before
    /// the call is then in the snapshot. The router uses it before answering "no capacity". A region that cannot be
    /// read (its silo failing over) is left as it is: the decision goes on with the copy it has.
    /// </summary>
    public Task RefreshAsync() => Task.WhenAll(_refresh.Select(r => r.Request()));

    /// <summary>Pulls answered since the silo started (the sync's cost in calls), and the GPU summaries they carried.</summary>
    public (long Pulls, long Gpus) Pulled => (Interlocked.Read(ref _pulls), Interlocked.Read(ref _pulledGpus));

    /// <summary>One pull of one region: the changes since the snapshot's version, waiting up to the given time for one.</summary>
    public async Task Pull(string region, TimeSpan wait)
    {
        var at = _snapshot.PositionOf(region);
        var changes = await _grains.Grain<IRegionGrain>(region).GetChanges(at.Epoch, at.Version, wait);
        _snapshot.Apply(changes);
        Interlocked.Increment(ref _pulls);
        Interlocked.Add(ref _pulledGpus, changes.Upserts.Count + changes.Removed.Count);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RefreshOnce(string region)
    {
        try
        {
            await Pull(region, TimeSpan.Zero);
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "Refreshing region {Region} for the routing snapshot failed", region);
        }
    }

    private Task Start(CancellationToken cancellationToken)
    {
        // Not kept: nothing waits for the loops (they end by themselves once stopping), and each handles its own failures.
        foreach (var region in _snapshot.Regions)
        {
            _ = Task.Run(() => Follow(region), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Starts no pull after this. A loop inside a long poll ends when that answers or fails; the silo's shutdown does
    /// not wait for it: a pull only reads, and waiting for one cost every silo stop a second (and a warning).
    /// </summary>
    private Task Stop(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    private async Task Follow(string region)
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Pull(region, _options.SnapshotLongPoll);
                await Task.Delay(_options.SnapshotBatchInterval, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The region's silo may be failing over; routing stays correct on a stale copy (reservations refuse).
                if (!stopping.IsCancellationRequested)
                {
                    _logger.LogDebug(ex, "Pulling region {Region} for the routing snapshot failed; retrying", region);
                }

                try
                {
                    await Task.Delay(RetryDelay, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
