using System.Diagnostics;
using Aitbc.Orleans.Benchmarks.Harness;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Operations;
using Aitbc.Orleans.Routing;
using Aitbc.Orleans.Routing.Snapshot;
using Microsoft.Extensions.DependencyInjection;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>
/// A stopwatch breakdown of one decision, uncontended (one request at a time, from inside the silo): the whole decision
/// as a job grain makes it (the silo's <see cref="FleetRouter"/>), the snapshot search alone (FleetSnapshot.FindCandidates, the 16 nearest over every region), and TryReserve +
/// Release on one GPU, each set against a bare in-silo ping. Then the lag of a change: a GPU's free slot taken by
/// TryReserve (not through the router, so the snapshot does not learn it from the answer), whether this silo's snapshot
/// shows it when the answer comes (the silo's batcher applies its own rows' changes at once), and the time until the
/// GPU's region holds it (the batch interval plus the send), from where every other silo's snapshot pulls it.
/// </summary>
public static class RoutingBreakdown
{
    public static async Task<RoutingBreakdownResult> MeasureAsync(BenchCluster cluster, RoutingWorkload workload, int samples)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(workload);
        var grains = cluster.SiloGrains;
        var snapshot = cluster.SiloServices.GetRequiredService<FleetSnapshot>();
        var occupancy = await grains.GetGrain<IFleetDirectoryGrain>("fleet").GetRegions();
        var router = cluster.SiloServices.GetRequiredService<FleetRouter>();
        var ping = grains.GetGrain<IPingGrain>(0);

        var route = new List<double>();
        var search = new List<double>();
        var reserve = new List<double>();
        var pings = new List<double>();
        var lags = new List<double>();
        var atOnce = 0;
        for (var i = 0; i < samples; i++)
        {
            var client = workload.Client(i * 7919L);
            var bookingId = $"breakdown-{i}";
            var request = RoutingWorkload.Request(bookingId, client);

            var t = Stopwatch.GetTimestamp();
            var decision = await router.Route(request);
            route.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            if (decision is { Routed: true, Gpu: { } chosen })
            {
                await grains.GpuRow(chosen.GpuId).Release(bookingId);
            }

            var query = new CandidateQuery(client, request.LatencyClass.BudgetMs(), RoutingWorkload.ModelBytes, null, false, PoolKind.Edge, new RoutingOptions().Candidates, []);
            t = Stopwatch.GetTimestamp();
            var candidates = snapshot.FindCandidates(query, new RejectionTally());
            search.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);

            if (candidates.Length > 0)
            {
                var gpu = candidates[^1];
                var grain = grains.GpuRow(gpu.GpuId);
                t = Stopwatch.GetTimestamp();
                var reservation = await grain.TryReserve(new ReservationRequest(bookingId + "-r", null, DateTimeOffset.UtcNow + RoutingWorkload.Lease));
                await grain.Release(bookingId + "-r");
                if (reservation.Accepted)
                {
                    reserve.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                }

                if (i % 5 == 0 && await Free(snapshot, gpu.GpuId))
                {
                    var (seen, lag) = await Lag(snapshot, grains.GetGrain<IRegionGrain>(gpu.Region), grain, gpu.GpuId, bookingId + "-lag");
                    atOnce += seen ? 1 : 0;
                    lags.Add(lag);
                }
            }

            t = Stopwatch.GetTimestamp();
            await ping.Ping(i);
            pings.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }

        return new RoutingBreakdownResult(
            Percentiles.Of(route, 50), Percentiles.Of(search, 50), reserve.Count == 0 ? double.NaN : Percentiles.Of(reserve, 50),
            Percentiles.Of(pings, 50), Percentiles.Of(lags, 50), Percentiles.Of(lags, 99), lags.Count == 0 ? double.NaN : atOnce / (double)lags.Count,
            occupancy.Max(r => r.GpuCount));
    }

    /// <summary>The release just sent is one-way: wait (briefly) until the snapshot shows the GPU free again.</summary>
    private static async Task<bool> Free(FleetSnapshot snapshot, string gpuId)
    {
        var since = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(since) < TimeSpan.FromSeconds(1))
        {
            if (snapshot.Find(gpuId)?.FreeSlots == 1)
            {
                return true;
            }

            await Task.Delay(1);
        }

        return false;
    }

    /// <summary>
    /// Whether this silo's snapshot showed the slot taken when the reservation answered, and the milliseconds until the
    /// region held it (NaN past 5 s). The region is read every 2 ms, so the figure is that coarse.
    /// </summary>
    private static async Task<(bool AtOnce, double RegionMs)> Lag(FleetSnapshot snapshot, IRegionGrain region, GpuRowRef grain, string gpuId, string bookingId)
    {
        var reservation = await grain.TryReserve(new ReservationRequest(bookingId, null, DateTimeOffset.UtcNow + RoutingWorkload.Lease));
        var since = Stopwatch.GetTimestamp();
        var atOnce = snapshot.Find(gpuId)?.FreeSlots == 0;
        var lag = double.NaN;
        while (reservation.Accepted && Stopwatch.GetElapsedTime(since) < TimeSpan.FromSeconds(5))
        {
            if ((await region.ListGpus()).Any(g => g.GpuId == gpuId && g.FreeSlots == 0))
            {
                lag = Stopwatch.GetElapsedTime(since).TotalMilliseconds;
                break;
            }

            await Task.Delay(2);
        }

        await grain.Release(bookingId);
        return (atOnce, lag);
    }
}
