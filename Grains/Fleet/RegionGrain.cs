using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Routing;

namespace Aitbc.Orleans.Fleet;

/// <summary>
/// One region's index of GPU routing summaries. Summaries arrive only when they change; the index is persisted so a
/// restarted silo can route before every GPU has heartbeated again.
/// </summary>
public sealed class RegionGrain(
    [PersistentState("region", AitbcConstants.GrainStorage)] IPersistentState<RegionState> state) : Grain, IRegionGrain
{
    /// <summary>Regions this small are scanned whole, which also gives complete rejection counts.</summary>
    private const int LinearScanLimit = 512;

    private readonly RegionSpatialIndex _index = new();
    private bool _dirty;
    private bool _occupancyDirty;
    private double _radiusKm;
    private IGrainTimer? _flush;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var gpu in state.State.Gpus.Values)
        {
            _index.Set(gpu.GpuId, gpu.Location);
        }

        _radiusKm = Radius();

        // Summaries change in bursts (a fleet reconnecting); batching writes keeps the region off the storage hot path.
        _flush = this.RegisterGrainTimer(Flush, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => await Flush();

    public async Task Upsert(GpuRoutingSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var isNew = !state.State.Gpus.ContainsKey(summary.GpuId);
        state.State.Gpus[summary.GpuId] = summary;
        _index.Set(summary.GpuId, summary.Location);
        _dirty = true;
        if (!isNew)
        {
            return;
        }

        // A fleet registering adds GPUs in bursts: the index is written by the 1 s flush, not once per GPU (which
        // rewrote the whole region each time), and the radius grows incrementally. The directory hears at once only
        // what routing needs at once: that the region holds GPUs, and how far out they reach.
        _occupancyDirty = true;
        var distance = Centroid is { } centroid ? GeoMath.HaversineKm(centroid, summary.Location) : 0;
        if (state.State.Gpus.Count == 1 || distance > _radiusKm)
        {
            _radiusKm = Math.Max(_radiusKm, distance);
            await PublishOccupancy();
        }
    }

    public async Task Remove(string gpuId)
    {
        if (state.State.Gpus.Remove(gpuId))
        {
            _index.Remove(gpuId);
            await state.WriteStateAsync();
            _dirty = false;
            _radiusKm = Radius();
            await PublishOccupancy();
        }
    }

    public Task<CandidateSet> FindCandidates(CandidateQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rejections = new Dictionary<string, int>(StringComparer.Ordinal);
        var candidates = new List<(GpuRoutingSummary Gpu, double Rtt)>();
        var gpus = state.State.Gpus;
        if (gpus.Count <= LinearScanLimit)
        {
            foreach (var gpu in gpus.Values)
            {
                Consider(gpu, query, candidates, rejections);
            }
        }
        else
        {
            // Walk outward from the client; stop at the first ring that is farther than the candidates already kept.
            // Within a ring (a band about 28 km wide) distances differ by well under a millisecond, so once twice the
            // wanted number of candidates is in hand the rest of a dense city's cells are not examined one by one.
            var ringMinKm = -1.0;
            var enough = query.MaxResults * 2;
            foreach (var (id, minKm) in _index.Outward(query.Client))
            {
                if (minKm > ringMinKm)
                {
                    ringMinKm = minKm;
                    if (candidates.Count >= query.MaxResults
                        && RttModel.FromDistanceKm(minKm) > candidates.Select(c => c.Rtt).Order().ElementAt(query.MaxResults - 1))
                    {
                        break;
                    }
                }
                else if (candidates.Count >= enough)
                {
                    continue;
                }

                Consider(gpus[id], query, candidates, rejections);
            }
        }

        var best = candidates.OrderBy(c => c.Rtt).Take(query.MaxResults).Select(c => c.Gpu).ToArray();
        return Task.FromResult(new CandidateSet(this.GetPrimaryKeyString(), best, rejections));
    }

    private static void Consider(
        GpuRoutingSummary gpu, CandidateQuery query, List<(GpuRoutingSummary Gpu, double Rtt)> candidates, Dictionary<string, int> rejections)
    {
        var reason = CandidateFilter.Reject(gpu, query, out var rtt);
        if (reason is null)
        {
            candidates.Add((gpu, rtt));
        }
        else
        {
            rejections[reason] = rejections.GetValueOrDefault(reason) + 1;
        }
    }

    public Task<RegionStats> GetStats()
    {
        var gpus = state.State.Gpus.Values;
        var online = gpus.Where(g => g.Available).ToArray();
        var free = online.Sum(g => g.FreeSlots);
        var busy = online.Count(g => g.FreeSlots == 0);
        var avgRtt = online.Length == 0 ? 0 : online.Average(g => g.MeasuredRttMs);
        return Task.FromResult(new RegionStats(
            this.GetPrimaryKeyString(), gpus.Count, online.Count(g => g.Routable && g.FreeSlots > 0), busy, busy + free,
            state.State.QueueLength, avgRtt));
    }

    public Task AdjustQueue(int delta)
    {
        state.State.QueueLength = Math.Max(0, state.State.QueueLength + delta);
        _dirty = true;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<GpuRoutingSummary>> ListGpus() =>
        Task.FromResult<IReadOnlyList<GpuRoutingSummary>>(state.State.Gpus.Values.OrderBy(g => g.GpuId, StringComparer.Ordinal).ToArray());

    private async Task Flush()
    {
        if (_dirty)
        {
            // Cleared only once written: after a failed write the next tick tries again (no turn interleaves here).
            await state.WriteStateAsync();
            _dirty = false;
        }

        if (_occupancyDirty)
        {
            await PublishOccupancy();
        }
    }

    private Task PublishOccupancy()
    {
        _occupancyDirty = false;
        return Directory().SetRegion(new RegionOccupancy(this.GetPrimaryKeyString(), state.State.Gpus.Count, _radiusKm));
    }

    private GeoPoint? Centroid => Regions.RegionCatalog.Default.Find(this.GetPrimaryKeyString())?.Centroid;

    private double Radius() => Centroid is not { } centroid || state.State.Gpus.Count == 0
        ? 0
        : state.State.Gpus.Values.Max(g => GeoMath.HaversineKm(centroid, g.Location));

    private IFleetDirectoryGrain Directory() => GrainFactory.GetGrain<IFleetDirectoryGrain>("fleet");
}
