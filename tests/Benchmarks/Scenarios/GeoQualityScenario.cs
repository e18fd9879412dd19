using System.Diagnostics;
using System.Globalization;
using System.Text;
using Aitbc.Orleans.Benchmarks.Harness;
using Aitbc.Orleans.Benchmarks.Reporting;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Regions;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Routing;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>
/// (6) Geo-routing quality. GPUs and client requests are placed by population; at 30, 70 and 95% utilisation (that
/// share of the eligible GPUs pre-booked with long leases through the GPU rows' TryReserve) each request goes through the
/// real router, one at a time, and the estimated RTT (RttModel.Estimate, the router's own model) of the GPU it chose is
/// set against: (a) the nearest of three cloud regions, (b) a random free eligible GPU, (c) the oracle, the nearest
/// free eligible GPU by brute force. Requests' own bookings are released after each decision, so "free" is exactly
/// "not pre-booked" when each decision is made.
/// </summary>
public sealed class GeoQualityScenario : IScenario
{
    public const double TargetCloudRatio = 0.5;
    public const double TargetOracleRatio = 1.1;
    private const double JudgedUtilisation = 0.7;

    public string Name => "geo";

    public string Description => "(6) median/p95 estimated RTT of the router's choice vs cloud, random and oracle at 30/70/95% utilisation";

    public async Task RunAsync(ScenarioContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = context.Sizes;
        await using var cluster = await context.StartClusterAsync();
        using var fleet = new SimulatedFleet(cluster.Client, "geo", 100, seed: 3);
        var registration = await fleet.GrowAsync(s.GeoGpus, s.RegistrationConcurrency);
        context.Log($"geo: {fleet.GpuCount:N0} GPUs registered in {registration.Elapsed.TotalSeconds:0.0} s");

        // What the router sees: every region's index, filtered the way the regions filter for this request shape.
        var index = (await Task.WhenAll(RegionCatalog.Default.All.Select(r => cluster.Client.GetGrain<IRegionGrain>(r.Id).ListGpus())))
            .SelectMany(x => x)
            .ToArray();
        var anywhere = new CandidateQuery(new GeoPoint(0, 0), double.MaxValue, RoutingWorkload.ModelBytes, null, false, PoolKind.Edge, 1, []);
        var eligible = index.Where(g => CandidateFilter.Reject(g, anywhere, out _) is null).ToArray();
        context.Log($"geo: {index.Length:N0} GPUs indexed, {eligible.Length:N0} eligible for a {RoutingWorkload.ModelBytes >> 20} MB model");

        var rng = new Random(4);
        var clients = Enumerable.Range(0, s.GeoRequests).Select(_ => GeoSampler.Sample(rng)).ToArray();
        var cloud = clients.Select(CloudRegions.NearestRttMs).ToArray();
        var levels = new List<GeoLevelResult>();
        foreach (var utilisation in s.GeoUtilisations)
        {
            // At the judged level the tighter classes run too, on the same bookings: they show how much of the gap to
            // the oracle comes from the score's latency term being scaled by the class budget.
            var classes = Math.Abs(utilisation - JudgedUtilisation) < 1e-9
                ? new[] { LatencyClass.Standard, LatencyClass.Fast, LatencyClass.Realtime }
                : [LatencyClass.Standard];
            foreach (var level in await MeasureLevel(cluster, eligible, clients, cloud, utilisation, classes))
            {
                context.Log($"geo @{utilisation * 100:0}% {level.LatencyClass}: router median {Median(level.Router):0.0} ms, oracle {Median(level.Oracle):0.0}, random {Median(level.Random):0.0}, cloud {Median(level.Cloud):0.0}; unrouted {level.Unrouted}, busy picks {level.ChoseBusyGpu}");
                levels.Add(level);
                if (level.ChoseBusyGpu > 0)
                {
                    // A pre-booked GPU has no free slot: routing to it would be a double booking, a correctness bug.
                    context.Report.Errors.Add($"geo @{utilisation * 100:0}% {level.LatencyClass}: {level.ChoseBusyGpu} requests routed to a pre-booked GPU");
                }
            }
        }

        AddRows(context, levels);
        context.Report.AddSection("Geo-routing quality (estimated RTT, ms)", Table(levels, eligible.Length, s.GeoRequests));
    }

    private static async Task<IReadOnlyList<GeoLevelResult>> MeasureLevel(
        BenchCluster cluster, GpuRoutingSummary[] eligible, GeoPoint[] clients, double[] cloud, double utilisation, IReadOnlyList<LatencyClass> classes)
    {
        var tag = ((int)Math.Round(utilisation * 100)).ToString(CultureInfo.InvariantCulture);
        var rng = new Random(5 + (int)(utilisation * 100));
        var order = Enumerable.Range(0, eligible.Length).ToArray();
        rng.Shuffle(order);
        var booked = new bool[eligible.Length];
        var prebook = order.Take((int)Math.Round(utilisation * eligible.Length)).ToArray();
        var leaseUntil = DateTimeOffset.UtcNow.AddHours(6);
        // Release is one-way, so the previous level's releases may still be on their way to a GPU: a refusal is retried
        // a few times before it counts, and what still fails is reported with the GPU's reasons.
        var refusals = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(prebook, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (g, cancellation) =>
        {
            var gpu = cluster.Client.GpuRow(eligible[g].GpuId);
            for (var attempt = 0; ; attempt++)
            {
                var result = await gpu.TryReserve(new ReservationRequest($"pre-{tag}", null, leaseUntil));
                if (result.Accepted)
                {
                    return;
                }

                if (attempt == 5)
                {
                    refusals[eligible[g].GpuId] = result.Reason ?? "no reason given";
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100 << attempt), cancellation);
            }
        });
        if (!refusals.IsEmpty)
        {
            var reasons = string.Join("; ", refusals.GroupBy(r => r.Value).Select(r => $"{r.Count()}× {r.Key}"));
            throw new InvalidOperationException($"{refusals.Count} pre-bookings were refused at {utilisation * 100:0}%: {reasons}");
        }

        foreach (var g in prebook)
        {
            booked[g] = true;
        }

        var free = Enumerable.Range(0, eligible.Length).Where(g => !booked[g]).Select(g => eligible[g]).ToArray();
        var freeIds = free.Select(g => g.GpuId).ToHashSet(StringComparer.Ordinal);

        // The oracle and the random pick both see exactly the free set each decision saw.
        var oracle = new double[clients.Length];
        Parallel.For(0, clients.Length, i =>
        {
            var best = double.MaxValue;
            foreach (var g in free)
            {
                best = Math.Min(best, RttModel.Estimate(clients[i], g.Location, g.MeasuredRttMs));
            }

            oracle[i] = best;
        });
        var random = clients.Select(c =>
        {
            var g = free[rng.Next(free.Length)];
            return RttModel.Estimate(c, g.Location, g.MeasuredRttMs);
        }).ToArray();

        var results = new List<GeoLevelResult>();
        foreach (var latencyClass in classes)
        {
            var (chosen, unrouted, busyPicks, decisionP50) = await RouteAll(cluster, clients, freeIds, $"geo-{tag}-{latencyClass}", latencyClass);
            results.Add(new GeoLevelResult(utilisation, latencyClass, free.Length, chosen, cloud, random, oracle, unrouted, busyPicks, decisionP50));
        }

        await Parallel.ForEachAsync(prebook, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (g, _) =>
            await cluster.Client.GpuRow(eligible[g].GpuId).Release($"pre-{tag}"));
        return results;
    }

    /// <summary>Every request through the real router, one at a time, each booking released before the next request.</summary>
    private static async Task<(double[] Chosen, int Unrouted, int BusyPicks, double DecisionP50Ms)> RouteAll(
        BenchCluster cluster, GeoPoint[] clients, HashSet<string> freeIds, string prefix, LatencyClass latencyClass)
    {
        var router = cluster.Client.GetGrain<IRouterGrain>(0);
        var chosen = new double[clients.Length];
        var latencies = new double[clients.Length];
        var unrouted = 0;
        var busyPicks = 0;
        for (var i = 0; i < clients.Length; i++)
        {
            var bookingId = $"{prefix}-{i}";
            var start = Stopwatch.GetTimestamp();
            var decision = await router.Route(RoutingWorkload.Request(bookingId, clients[i], latencyClass));
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (decision is not { Routed: true, Gpu: { } gpu })
            {
                unrouted++;
                chosen[i] = double.NaN;
                continue;
            }

            chosen[i] = RttModel.Estimate(clients[i], gpu.Location, gpu.MeasuredRttMs);
            if (!freeIds.Contains(gpu.GpuId))
            {
                busyPicks++;
            }

            await cluster.Client.GpuRow(gpu.GpuId).Release(bookingId);
        }

        return ([.. chosen.Where(double.IsFinite)], unrouted, busyPicks, Percentiles.Of(latencies, 50));
    }

    private static void AddRows(ScenarioContext context, IReadOnlyList<GeoLevelResult> levels)
    {
        const string scenario = "6 geo quality";
        foreach (var level in levels)
        {
            var at = $"@{level.Utilisation * 100:0}%" + (level.LatencyClass == LatencyClass.Standard ? "" : $" ({level.LatencyClass} class)");
            var judged = context.Sizes.IsFull && level.LatencyClass == LatencyClass.Standard && Math.Abs(level.Utilisation - JudgedUtilisation) < 1e-9;
            var router = Median(level.Router);
            var cloud = Median(level.Cloud);
            var oracle = Median(level.Oracle);
            context.Report.Add(new ResultRow(
                scenario, $"router median RTT {at}", router, "ms", "nearest cloud region median", cloud,
                judged ? "ratio ≤ 0.50 @70%" : null,
                judged ? (router <= TargetCloudRatio * cloud ? TargetStatus.Met : TargetStatus.Missed) : TargetStatus.None));
            context.Report.Add(new ResultRow(
                scenario, $"router median RTT {at}", router, "ms", "oracle median", oracle,
                judged ? "ratio ≤ 1.10 @70%" : null,
                judged ? (router <= TargetOracleRatio * oracle ? TargetStatus.Met : TargetStatus.Missed) : TargetStatus.None));
            context.Report.Add(new ResultRow(scenario, $"router p95 RTT {at}", P95(level.Router), "ms", "oracle p95", P95(level.Oracle)));
            if (level.LatencyClass == LatencyClass.Standard)
            {
                context.Report.Add(new ResultRow(scenario, $"random GPU median RTT {at}", Median(level.Random), "ms", "oracle median", oracle));
            }
            if (level.Unrouted > 0)
            {
                // Nothing free within the class's budget: the router answers "no capacity".
                context.Report.Add(new ResultRow(scenario, $"requests left unrouted {at}", level.Unrouted, "", "requests", level.Router.Length + level.Unrouted));
            }
        }
    }

    private static string Table(IReadOnlyList<GeoLevelResult> levels, int eligible, int requests)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{eligible:N0} eligible GPUs, {requests:N0} requests (100 MB model), places by population ±{GeoSampler.JitterKm:0} km. Targets apply to the Standard class; the Fast and Realtime rows reuse the same bookings and requests.");
        sb.AppendLine();
        sb.AppendLine("| Utilisation | Class | Free GPUs | Router p50 / p95 | Oracle p50 / p95 | Random p50 / p95 | Cloud (3 regions) p50 / p95 | Router ÷ oracle (p50) | Router ÷ cloud (p50) | Unrouted | Decision p50 (1 at a time) |");
        sb.AppendLine("|---:|---|---:|---|---|---|---|---:|---:|---:|---:|");
        foreach (var l in levels)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {l.Utilisation * 100:0}% | {l.LatencyClass} | {l.FreeGpus:N0} | {Median(l.Router):0.0} / {P95(l.Router):0.0} | {Median(l.Oracle):0.0} / {P95(l.Oracle):0.0} | " +
                $"{Median(l.Random):0.0} / {P95(l.Random):0.0} | {Median(l.Cloud):0.0} / {P95(l.Cloud):0.0} | " +
                $"{Median(l.Router) / Median(l.Oracle):0.00} | {Median(l.Router) / Median(l.Cloud):0.00} | {l.Unrouted} | {l.DecisionP50Ms:0.00} ms |");
        }

        return sb.ToString();
    }

    private static double Median(double[] values) => Percentiles.Of(values, 50);

    private static double P95(double[] values) => Percentiles.Of(values, 95);
}
