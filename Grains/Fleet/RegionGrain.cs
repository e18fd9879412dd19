using System.Runtime.InteropServices;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Fleet;

/// <summary>
/// One region's index of online GPUs' routing summaries, in memory only. Summaries arrive when they change and as lease
/// renewals; the index is not stored (writing it cost a whole-region rewrite a second and a serialised copy per GPU): a
/// new activation starts empty and is rebuilt by the GPUs themselves, at once by the shards this silo's
/// <see cref="Rows.RegionIndexRebuild"/> asks when every silo's snapshot sees the region's new epoch, by registrations,
/// and at the latest by the renewal every heartbeating GPU sends each half liveness period. Only the queue length is
/// stored. Every silo's routing snapshot pulls the changes through <see cref="GetChanges"/> (a long poll), so this
/// grain never waits on a reader and routing never calls it.
/// </summary>
public sealed class RegionGrain(
    [PersistentState("region", AitbcConstants.GrainStorage)] IPersistentState<RegionState> state,
    IOptions<FleetOptions> fleetOptions,
    IHostApplicationLifetime lifetime,
    DomainTime time,
    ILogger<RegionGrain> logger) : Grain, IRegionGrain
{
    /// <summary>
    /// At 25 ms per batch a reader needs a few dozen entries; the rest lets a slow reader catch up without a full copy
    /// (seconds of changes even in a region of thousands of GPUs renewing every half liveness period). 4,096 held
    /// 64 KB per region, about 27 B per GPU at 100k over 41 regions; 1,024 holds 16 KB.
    /// </summary>
    private const int ChangeLogCapacity = 1024;

    /// <summary>A long poll answers well inside the 30 s response timeout even when nothing changes.</summary>
    private static readonly TimeSpan LongestPoll = TimeSpan.FromSeconds(5);

    private readonly FleetOptions _options = fleetOptions.Value;
    private readonly RegionChangeLog _log = new(ChangeLogCapacity);
    private readonly RegionLoad _load = new();

    /// <summary>
    /// The index: online GPUs' latest summaries, each with when it was last sent (an entry not renewed for a liveness
    /// period leaves).
    /// </summary>
    private readonly Dictionary<string, RegionEntry> _gpus = new(StringComparer.Ordinal);

    private long _epoch;
    private TaskCompletionSource? _changed;
    private bool _dirty;
    private bool _occupancyDirty;
    private double _radiusKm;
    private IGrainTimer? _flush;

    private IEnumerable<GpuRoutingSummary> Summaries => _gpus.Values.Select(e => e.Summary);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A new epoch tells every reader that versions restarted, so each takes one full copy.
        _epoch = Random.Shared.NextInt64(1, long.MaxValue);
        _log.Reset(1);

        // Queue changes come in bursts; batching their writes keeps the region off the storage hot path.
        _flush = this.RegisterGrainTimer(Flush, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await Flush();
        }
        catch (Exception ex) when (reason.ReasonCode == DeactivationReasonCode.ShuttingDown)
        {
            // The silo is stopping and the fleet directory may have stopped with it (the last silo has nowhere to place
            // it). Nothing is lost: the region's next activation is rebuilt by its GPUs and publishes its occupancy again.
            logger.LogInformation("Region {Region} did not flush while its silo shut down: {Error}", this.GetPrimaryKeyString(), ex.Message);
        }

        Signal();
    }

    public Task Upsert(GpuRoutingSummary summary) => Upsert(summary, logUnchanged: false);

    private async Task Upsert(GpuRoutingSummary summary, bool logUnchanged)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var id = summary.GpuId;
        if (!RegionMembership.IsIndexed(summary))
        {
            // Offline GPUs leave the index at once: routing never sees them again and dead entries do not pile up.
            Drop(id);
            return;
        }

        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_gpus, id, out var exists);
        var old = exists ? entry.Summary : null;
        entry.RenewedTicks = time.GetUtcNow().UtcTicks;
        var isNew = !exists;
        if (old is not null && old.Equals(summary))
        {
            if (logUnchanged)
            {
                // The snapshots re-read it: one of them may hold a state the GPU passed through in between.
                Changed(id);
            }

            return;
        }

        entry.Summary = summary;
        _load.Replace(old, summary);
        Changed(id);
        if (!isNew)
        {
            return;
        }

        // A fleet registering adds GPUs in bursts: the radius grows incrementally. The directory hears at once that the region holds GPUs and how far they reach.
        _occupancyDirty = true;
        var distance = Centroid is { } centroid ? GeoMath.HaversineKm(centroid, summary.Location) : 0;
        if (_gpus.Count == 1 || distance > _radiusKm)
        {
            _radiusKm = Math.Max(_radiusKm, distance);
            await PublishOccupancy();
        }
    }

    public async Task UpsertMany(IReadOnlyList<GpuRoutingSummary> changed, IReadOnlyList<GpuRoutingSummary> renewed)
    {
        ArgumentNullException.ThrowIfNull(changed);
        ArgumentNullException.ThrowIfNull(renewed);
        foreach (var summary in changed)
        {
            await Upsert(summary, logUnchanged: true);
        }

        foreach (var summary in renewed)
        {
            await Upsert(summary);
        }
    }

    public async Task Remove(string gpuId)
    {
        if (Drop(gpuId))
        {
            _radiusKm = Radius();
            await PublishOccupancy();
        }
    }

    public async Task<RegionChanges> GetChanges(long epoch, long sinceVersion, TimeSpan maxWait)
    {
        if (epoch == _epoch && sinceVersion == _log.Version && maxWait > TimeSpan.Zero)
        {
            // Interleaved: Upsert and the rest run while this waits, and the first change completes it.
            var changed = (_changed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            await LongWait.For(changed, maxWait < LongestPoll ? maxWait : LongestPoll, lifetime.ApplicationStopping);
        }

        return Changes(epoch, sinceVersion);
    }

    public Task<RegionStats> GetStats() => Task.FromResult(_load.ToStats(this.GetPrimaryKeyString(), state.State.QueueLength));

    public Task AdjustQueue(int delta)
    {
        state.State.QueueLength = Math.Max(0, state.State.QueueLength + delta);
        _dirty = true;
        _log.Bump();
        Signal();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<GpuRoutingSummary>> ListGpus() =>
        Task.FromResult<IReadOnlyList<GpuRoutingSummary>>(Summaries.OrderBy(g => g.GpuId, StringComparer.Ordinal).ToArray());

    private RegionChanges Changes(long epoch, long sinceVersion)
    {
        var region = this.GetPrimaryKeyString();
        var queue = state.State.QueueLength;
        if (epoch != _epoch || !_log.CanServe(sinceVersion))
        {
            return new RegionChanges(region, _epoch, 0, _log.Version, true, Summaries.ToArray(), [], queue);
        }

        if (sinceVersion == _log.Version)
        {
            return new RegionChanges(region, _epoch, sinceVersion, sinceVersion, false, [], [], queue);
        }

        var upserts = new List<GpuRoutingSummary>();
        var removed = new List<string>();
        foreach (var id in _log.ChangedAfter(sinceVersion))
        {
            if (_gpus.TryGetValue(id, out var gpu))
            {
                upserts.Add(gpu.Summary);
            }
            else
            {
                removed.Add(id);
            }
        }

        return new RegionChanges(region, _epoch, sinceVersion, _log.Version, false, upserts, removed, queue);
    }

    private bool Drop(string gpuId)
    {
        if (!_gpus.Remove(gpuId, out var entry))
        {
            return false;
        }

        _load.Replace(entry.Summary, null);
        Changed(gpuId);
        _occupancyDirty = true;
        return true;
    }

    private void Changed(string gpuId)
    {
        _log.Record(gpuId);
        Signal();
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = null;
        changed?.TrySetResult();
    }

    private async Task Flush()
    {
        DropExpired();
        if (_dirty)
        {
            // Cleared only once the write succeeded, so a failed write is retried on the next tick.
            await state.WriteStateAsync();
            _dirty = false;
        }

        if (_occupancyDirty)
        {
            await PublishOccupancy();
        }
    }

    private void DropExpired()
    {
        var now = time.GetUtcNow();
        List<string>? expired = null;
        foreach (var (id, entry) in _gpus)
        {
            if (RegionMembership.Expired(new DateTimeOffset(entry.RenewedTicks, TimeSpan.Zero), now, _options))
            {
                (expired ??= []).Add(id);
            }
        }

        foreach (var id in expired ?? [])
        {
            Drop(id);
        }
    }

    /// <summary>A failed publish marks the occupancy dirty again, so the next flush tries it again.</summary>
    private async Task PublishOccupancy()
    {
        _occupancyDirty = false;
        try
        {
            await Directory().SetRegion(new RegionOccupancy(this.GetPrimaryKeyString(), _gpus.Count, _radiusKm));
        }
        catch
        {
            _occupancyDirty = true;
            throw;
        }
    }

    private GeoPoint? Centroid => Regions.RegionCatalog.Default.Find(this.GetPrimaryKeyString())?.Centroid;

    private double Radius() => Centroid is not { } centroid || _gpus.Count == 0
        ? 0
        : Summaries.Max(g => GeoMath.HaversineKm(centroid, g.Location));

    private IFleetDirectoryGrain Directory() => GrainFactory.Grain<IFleetDirectoryGrain>("fleet");
}
