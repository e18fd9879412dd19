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
/// A stopwatch breakdown of one decision, uncontended (one request at a time, from inside the silo): the whole Route
/// call, the snapshot search alone (FleetSnapshot.FindCandidates, the 16 nearest over every region), and TryReserve +
/// Release on one GPU, each set against a bare in-silo ping. Then the snapshot's lag: a GPU's free slot taken by
/// TryReserve (not through the router, so the snapshot does not learn it from the answer) and timed until the silo's
/// snapshot shows it, which is the batch interval plus the pull's round trip.
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
        var router = grains.GetGrain<IRouterGrain>(0);
        var ping = grains.GetGrain<IPingGrain>(0);

        var route = new List<double>();
        var search = new List<double>();
        var reserve = new List<double>();
        var pings = new List<double>();
        var lags = new List<double>();
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

                if (i % 5 == 0 && snapshot.Find(gpu.GpuId)?.FreeSlots == 1)
                {
                    lags.Add(await Lag(snapshot, grain, gpu.GpuId, bookingId + "-lag"));
                }
            }

            t = Stopwatch.GetTimestamp();
            await ping.Ping(i);
            pings.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }

        return new RoutingBreakdownResult(
            Percentiles.Of(route, 50), Percentiles.Of(search, 50), reserve.Count == 0 ? double.NaN : Percentiles.Of(reserve, 50),
            Percentiles.Of(pings, 50), Percentiles.Of(lags, 50), Percentiles.Of(lags, 99), occupancy.Max(r => r.GpuCount));
    }

    /// <summary>Milliseconds from a reservation's answer until the snapshot shows the GPU's slot taken (NaN past 5 s).</summary>
    private static async Task<double> Lag(FleetSnapshot snapshot, GpuRowRef grain, string gpuId, string bookingId)
    {
        var reservation = await grain.TryReserve(new ReservationRequest(bookingId, null, DateTimeOffset.UtcNow + RoutingWorkload.Lease));
        var since = Stopwatch.GetTimestamp();
        var lag = double.NaN;
        while (reservation.Accepted && Stopwatch.GetElapsedTime(since) < TimeSpan.FromSeconds(5))
        {
            if (snapshot.Find(gpuId)?.FreeSlots == 0)
            {
                lag = Stopwatch.GetElapsedTime(since).TotalMilliseconds;
                break;
            }

            await Task.Yield();
        }

        await grain.Release(bookingId);
        return lag;
    }
}
