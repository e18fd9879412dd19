using System.Diagnostics;
using Aitbc.Orleans.Benchmarks.Harness;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Regions;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Operations;
using Aitbc.Orleans.Routing;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>
/// A stopwatch breakdown of one decision, uncontended (one request at a time, from inside the silo): the whole
/// Route call, the region fan-out the router makes (the same regions, asked in parallel), the largest region's
/// FindCandidates alone, and TryReserve + Release on one GPU, each set against a bare in-silo ping.
/// </summary>
public static class RoutingBreakdown
{
    public static async Task<RoutingBreakdownResult> MeasureAsync(IGrainFactory grains, RoutingWorkload workload, int samples)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(workload);
        var options = new RoutingOptions();
        var occupancy = await grains.GetGrain<IFleetDirectoryGrain>("fleet").GetRegions();
        var largest = occupancy.MaxBy(r => r.GpuCount)!;
        var router = grains.GetGrain<IRouterGrain>(0);
        var ping = grains.GetGrain<IPingGrain>(0);

        var route = new List<double>();
        var fanOut = new List<double>();
        var single = new List<double>();
        var reserve = new List<double>();
        var pings = new List<double>();
        var regionsAsked = 0;
        for (var i = 0; i < samples; i++)
        {
            var client = workload.Client(i * 7919L);
            var bookingId = $"breakdown-{i}";

            var t = Stopwatch.GetTimestamp();
            var decision = await router.Route(RoutingWorkload.Request(bookingId, client));
            route.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            if (decision is { Routed: true, Gpu: { } chosen })
            {
                await grains.GetGrain<IGpuGrain>(chosen.GpuId).Release(bookingId);
            }

            // The router's own region choice: nearest lower bound first, inside the budget, at most MaxRegions.
            var budget = RoutingWorkload.Request(bookingId, client).LatencyClass.BudgetMs();
            var regions = occupancy
                .Select(r => (r.Region, Bound: LowerBound(client, r)))
                .Where(r => r.Bound <= budget)
                .OrderBy(r => r.Bound)
                .Take(options.MaxRegions)
                .Select(r => r.Region)
                .ToArray();
            regionsAsked = regions.Length;
            var query = new CandidateQuery(client, budget, RoutingWorkload.ModelBytes, null, false, PoolKind.Edge, options.CandidatesPerRegion, []);
            t = Stopwatch.GetTimestamp();
            var sets = await Task.WhenAll(regions.Select(r => grains.GetGrain<IRegionGrain>(r).FindCandidates(query)));
            fanOut.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);

            t = Stopwatch.GetTimestamp();
            await grains.GetGrain<IRegionGrain>(largest.Region).FindCandidates(query);
            single.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);

            var gpu = sets.SelectMany(s => s.Candidates).FirstOrDefault();
            if (gpu is not null)
            {
                var grain = grains.GetGrain<IGpuGrain>(gpu.GpuId);
                t = Stopwatch.GetTimestamp();
                var reservation = await grain.TryReserve(new ReservationRequest(bookingId + "-r", null, DateTimeOffset.UtcNow + RoutingWorkload.Lease));
                await grain.Release(bookingId + "-r");
                if (reservation.Accepted)
                {
                    reserve.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                }
            }

            t = Stopwatch.GetTimestamp();
            await ping.Ping(i);
            pings.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }

        return new RoutingBreakdownResult(
            Percentiles.Of(route, 50), Percentiles.Of(fanOut, 50), Percentiles.Of(single, 50), largest.GpuCount,
            reserve.Count == 0 ? double.NaN : Percentiles.Of(reserve, 50), Percentiles.Of(pings, 50), regionsAsked);
    }

    private static double LowerBound(GeoPoint client, RegionOccupancy region)
    {
        var centroid = RegionCatalog.Default.Find(region.Region)?.Centroid;
        return centroid is null ? 0 : RttModel.FromDistanceKm(Math.Max(0, GeoMath.HaversineKm(client, centroid.Value) - region.RadiusKm));
    }
}
