using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Regions;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Jobs;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Aitbc.Orleans.Routing;

/// <summary>
/// Geo router, one stateless worker per silo core. (1) order regions by the lowest RTT any of their GPUs could have,
/// (2) keep those inside the latency budget, (3) ask their RegionGrains in parallel, (4) which filter on capability,
/// availability, thermal state, power, schedule, stake and attestation, (5) score the rest, (6) reserve through the
/// GpuGrain and move on when the reservation conflicts, (7) break near-ties at random. Edge first; the cloud pool
/// only when no edge GPU fits, or first when the job asks for it.
/// </summary>
[StatelessWorker]
public sealed class RouterGrain(IOptions<RoutingOptions> options, DomainTime time) : Grain, IRouterGrain
{
    private readonly RoutingOptions _options = options.Value;
    private readonly CandidateScorer _scorer = new(options.Value);
    private IReadOnlyList<RegionOccupancy> _regions = [];
    private long _regionsFetchedAtMs = long.MinValue;

    public async Task<RoutingDecision> Route(RoutingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var regions = await Regions();
        var pools = request.PreferCloud ? new[] { PoolKind.Cloud, PoolKind.Edge } : [PoolKind.Edge, PoolKind.Cloud];
        var rejections = new Dictionary<string, int>(StringComparer.Ordinal);
        var considered = 0;
        foreach (var pool in pools)
        {
            var (decision, count) = await RouteInPool(request, regions, pool, rejections);
            considered += count;
            if (decision is not null)
            {
                return decision with { FellBackToCloud = pool == PoolKind.Cloud && !request.PreferCloud, CandidatesConsidered = considered };
            }
        }

        return new RoutingDecision(false, null, null, 0, 0, false, NoCapacityReason(request, rejections), rejections, considered);
    }

    private async Task<(RoutingDecision? Decision, int Considered)> RouteInPool(
        RoutingRequest request, IReadOnlyList<RegionOccupancy> regions, PoolKind pool, Dictionary<string, int> rejections)
    {
        var budget = request.LatencyClass.BudgetMs();
        var reachable = regions
            .Select(r => (Region: r, LowerBound: LowerBoundRtt(request.Client, r)))
            .Where(r => r.LowerBound <= budget)
            .OrderBy(r => r.LowerBound)
            .Take(_options.MaxRegions)
            .ToArray();
        if (reachable.Length == 0)
        {
            return (null, 0);
        }

        var query = new CandidateQuery(
            request.Client, budget, request.ModelBytes, request.MaxPrice, request.RequireAttestation, pool,
            _options.CandidatesPerRegion, request.ExcludeGpus);

        // Nearest regions first, a batch at a time in parallel; stop once the nearest candidate is closer than anything
        // the remaining regions could hold, so a decision rarely asks more than the first batch.
        var found = new List<(GpuRoutingSummary Gpu, string Region, double Rtt)>();
        for (var next = 0; next < reachable.Length;)
        {
            var batch = reachable.Skip(next).Take(_options.RegionBatch).ToArray();
            next += batch.Length;
            var sets = await Task.WhenAll(batch.Select(r => GrainFactory.GetGrain<IRegionGrain>(r.Region.Region).FindCandidates(query)));
            foreach (var set in sets)
            {
                foreach (var (reason, count) in set.Rejections)
                {
                    rejections[reason] = rejections.GetValueOrDefault(reason) + count;
                }

                found.AddRange(set.Candidates.Select(gpu => (gpu, set.Region, RttModel.Estimate(request.Client, gpu.Location, gpu.MeasuredRttMs))));
            }

            if (found.Count > 0 && next < reachable.Length && found.Min(f => f.Rtt) * 1.1 + 1 <= reachable[next].LowerBound)
            {
                break;
            }
        }

        if (found.Count == 0)
        {
            return (null, 0);
        }

        var bestRtt = found.Min(f => f.Rtt);
        var scored = found.Select(f => (f.Gpu, f.Region, f.Rtt, Score: _scorer.Score(f.Gpu, f.Rtt, bestRtt, request.MaxPrice))).ToList();
        foreach (var pick in InReservationOrder(scored))
        {
            var reservation = await GrainFactory.GetGrain<IGpuGrain>(pick.Gpu.GpuId).TryReserve(new ReservationRequest(
                request.BookingId, request.JobId, time.GetUtcNow() + request.Lease));
            if (reservation.Accepted)
            {
                return (new RoutingDecision(true, reservation.Summary ?? pick.Gpu, pick.Region, pick.Rtt, pick.Score, false, null, rejections, scored.Count), scored.Count);
            }

            var reason = $"reservation refused: {reservation.Reason}";
            rejections[reason] = rejections.GetValueOrDefault(reason) + 1;
        }

        return (null, scored.Count);
    }

    /// <summary>Best first, except that the candidates within the tie band of the best are shuffled.</summary>
    private IEnumerable<(GpuRoutingSummary Gpu, string Region, double Rtt, double Score)> InReservationOrder(
        List<(GpuRoutingSummary Gpu, string Region, double Rtt, double Score)> scored)
    {
        if (scored.Count == 0)
        {
            return [];
        }

        var ordered = scored.OrderByDescending(s => s.Score).ToArray();
        var best = ordered[0];

        // A near-tie must be close in score and in RTT (within 10% + 1 ms of the best), so randomness spreads load
        // across equivalent GPUs without ever trading away real latency.
        var ties = ordered
            .TakeWhile(s => best.Score - s.Score <= _options.TieBand)
            .Where(s => s.Rtt <= best.Rtt * 1.1 + 1)
            .ToArray();
        Random.Shared.Shuffle(ties);
        return ties.Concat(ordered.Where(s => !ties.Contains(s)));
    }

    private static double LowerBoundRtt(GeoPoint client, RegionOccupancy region)
    {
        var centroid = RegionCatalog.Default.Find(region.Region)?.Centroid;
        if (centroid is null)
        {
            return 0;
        }

        var km = Math.Max(0, GeoMath.HaversineKm(client, centroid.Value) - region.RadiusKm);
        return RttModel.FromDistanceKm(km);
    }

    private static string NoCapacityReason(RoutingRequest request, Dictionary<string, int> rejections)
    {
        var budget = request.LatencyClass.BudgetMs();
        if (rejections.Count == 0)
        {
            return $"no capacity: no GPU region lies within the {request.LatencyClass.ToString().ToLowerInvariant()} budget of {budget} ms from ({request.Client.Latitude:F2}, {request.Client.Longitude:F2})";
        }

        var parts = rejections.OrderByDescending(r => r.Value).Select(r => $"{r.Value} {r.Key}");
        return $"no capacity within {budget} ms: " + string.Join(", ", parts);
    }

    private async Task<IReadOnlyList<RegionOccupancy>> Regions()
    {
        // A cache of the directory is operational, not domain time: it runs on the process clock even under a fake TimeProvider.
        var nowMs = Environment.TickCount64;
        if (nowMs - _regionsFetchedAtMs > _options.DirectoryCacheTime.TotalMilliseconds || _regions.Count == 0)
        {
            _regions = await GrainFactory.GetGrain<IFleetDirectoryGrain>("fleet").GetRegions();
            _regionsFetchedAtMs = nowMs;
        }

        return _regions;
    }
}
