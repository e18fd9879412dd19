using Aitbc.Orleans.Benchmarks.Harness;
using Aitbc.Orleans.Benchmarks.Reporting;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Routing;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>
/// (2) Routing decisions per second and their latency at each fleet size (full: 10,000 then 100,000 GPUs on one silo),
/// against the client ping rate measured on the same silo just before. The fleet grows in place, so the largest size
/// also gives (5) memory per GPU without registering 100,000 GPUs twice.
/// </summary>
public sealed class RoutingScenario : IScenario
{
    public const double TargetDecisionsPerSecond = 20_000;
    public const double TargetP99Ms = 5;

    public string Name => "routing";

    public string Description => "(2) routing decisions/s with p50/p99 at 10k and 100k GPUs (+ (5) memory per GPU at the largest size)";

    public async Task RunAsync(ScenarioContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = context.Sizes;
        // Measured before any silo runs: in a quiet process the bare objects' size is exact.
        var bare = BareIndexBaseline.BytesPerGpu(Math.Min(s.RoutingFleets.Max(), 100_000));
        await using var cluster = await context.StartClusterAsync();
        var memoryBefore = HeapMeter.Measure();
        var fleet = new SimulatedFleet(cluster.Client, "r", s.GpusPerMiner, seed: 1);
        var workload = new RoutingWorkload("rt", seed: 2);
        var router = cluster.Client.GetGrain<IRouterGrain>(0);
        var largest = s.RoutingFleets.Max();
        foreach (var size in s.RoutingFleets)
        {
            var registration = await fleet.GrowAsync(size, s.RegistrationConcurrency, m => context.Log($"  {m}"));
            context.Log($"routing: fleet at {fleet.GpuCount:N0} GPUs, +{registration.GpusAdded:N0} in {registration.Elapsed.TotalSeconds:0.0} s");
            AddRegistrationRows(context, size, registration);
            if (size == largest)
            {
                MemoryRows.Add(context, memoryBefore, HeapMeter.Measure(), fleet.GpuCount, bare);
            }

            var regions = await cluster.Client.GetGrain<IFleetDirectoryGrain>("fleet").GetRegions();
            var biggest = regions.MaxBy(r => r.GpuCount)!;
            context.Report.Note($"Routing @{size:N0}: {regions.Count} regions hold GPUs; the largest, {biggest.Region}, holds {biggest.GpuCount:N0}. Decisions search the silo's snapshot of all of them at once.");

            var baseline = await PingMeasurements.FromClientAsync(cluster, s.Concurrency, s.Warmup / 4, s.BaselineDuration);
            context.Log($"routing @{size:N0}: client ping baseline {baseline}");
            var unroutedBefore = workload.Unrouted;
            var decisionsBefore = workload.Decisions;
            var result = await LoadGenerator.RunAsync(s.Concurrency, s.Warmup, s.Duration, i => workload.DecideAndRelease(cluster.Client, router, i));
            context.Log($"routing @{size:N0}: {result}");
            context.CheckErrors($"routing @{size:N0}", result);
            AddRoutingRows(context, size, size == largest && s.IsFull, result, baseline);
            var unrouted = workload.Unrouted - unroutedBefore;
            if (unrouted > 0)
            {
                // Concurrent decisions hold GPUs for a moment; in a small fleet the nearest regions can run out.
                context.Report.Add(new ResultRow("2 routing", $"decisions with no GPU @{size:N0}", unrouted, "", "decisions", workload.Decisions - decisionsBefore));
                var reasons = workload.NoCapacityReasons.OrderByDescending(r => r.Value).Take(3).Select(r => $"{r.Value}× \"{r.Key}\"");
                context.Report.Note($"Routing @{size:N0}: no-capacity answers so far, most frequent: {string.Join("; ", reasons)}");
            }

            var breakdown = await RoutingBreakdown.MeasureAsync(cluster, workload, s.IsFull ? 500 : 20);
            context.Log($"routing @{size:N0}: breakdown {breakdown}");
            AddBreakdownRows(context, size, breakdown);
            context.Report.Note($"Routing @{size:N0}: mean candidates scored per decision {workload.MeanCandidatesConsidered:0}.");
        }
    }

    private static void AddRegistrationRows(ScenarioContext context, int size, RegistrationStats registration)
    {
        var scenario = "2 routing";
        context.Report.Add(new ResultRow(scenario, $"register +{registration.GpusAdded:N0} GPUs (→{size:N0})", registration.Elapsed.TotalSeconds, "s"));
        context.Report.Add(new ResultRow(scenario, $"registration rate (→{size:N0})", registration.GpusPerSecond, "GPUs/s"));
        context.Report.Add(new ResultRow(
            scenario, $"slowest miner Register (→{size:N0})", registration.SlowestMinerRegisterMs / 1000, "s",
            "Orleans default response timeout", 30));
    }

    private static void AddRoutingRows(ScenarioContext context, int size, bool judge, LoadResult result, LoadResult baseline)
    {
        var scenario = "2 routing";
        var rateStatus = judge ? (result.PerSecond >= TargetDecisionsPerSecond ? TargetStatus.Met : TargetStatus.Missed) : TargetStatus.None;
        var p99Status = judge ? (result.P99Ms < TargetP99Ms ? TargetStatus.Met : TargetStatus.Missed) : TargetStatus.None;
        var target = size >= 100_000 ? "≥ 20,000/s @100k" : null;
        var p99Target = size >= 100_000 ? "< 5 ms @100k" : null;
        context.Report.Add(new ResultRow(scenario, $"decisions/s @{size:N0} GPUs ({context.Sizes.Concurrency} outstanding)", result.PerSecond, "/s", "client ping /s", baseline.PerSecond, target, rateStatus));
        context.Report.Add(new ResultRow(scenario, $"decision p50 @{size:N0}", result.P50Ms, "ms", "client ping p50", baseline.P50Ms));
        context.Report.Add(new ResultRow(scenario, $"decision p99 @{size:N0}", result.P99Ms, "ms", "client ping p99", baseline.P99Ms, p99Target, p99Status));
        context.Report.Add(new ResultRow(scenario, $"CPU per decision (+release) @{size:N0}", result.CpuMicrosPerOperation, "µs", "client ping CPU/call", baseline.CpuMicrosPerOperation));
    }

    private static void AddBreakdownRows(ScenarioContext context, int size, RoutingBreakdownResult b)
    {
        var scenario = "2 routing breakdown";
        var baseline = "in-silo ping p50 (1 outstanding)";
        context.Report.Add(new ResultRow(scenario, $"Route, uncontended p50 @{size:N0}", b.RouteMs, "ms", baseline, b.PingMs));
        context.Report.Add(new ResultRow(scenario, $"snapshot search, 16 nearest over all regions, p50 @{size:N0}", b.SearchMs, "ms", baseline, b.PingMs));
        context.Report.Add(new ResultRow(scenario, $"TryReserve + Release p50 @{size:N0}", b.ReserveReleaseMs, "ms", baseline, b.PingMs));
        context.Report.Add(new ResultRow(scenario, $"snapshot lag after a GPU change p50 @{size:N0}", b.SnapshotLagP50Ms, "ms", "batch interval", new RoutingOptions().SnapshotBatchInterval.TotalMilliseconds));
        context.Report.Add(new ResultRow(scenario, $"snapshot lag after a GPU change p99 @{size:N0}", b.SnapshotLagP99Ms, "ms", "batch interval", new RoutingOptions().SnapshotBatchInterval.TotalMilliseconds));
    }
}
