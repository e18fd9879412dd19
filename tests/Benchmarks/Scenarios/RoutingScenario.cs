using System.Diagnostics;
using Aitbc.Orleans.Benchmarks.Harness;
using Aitbc.Orleans.Benchmarks.Harness.OpenLoop;
using Aitbc.Orleans.Benchmarks.Reporting;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Deltas;
using Aitbc.Orleans.Operations;
using Aitbc.Orleans.Routing;
using Aitbc.Orleans.Routing.Snapshot;
using Microsoft.Extensions.DependencyInjection;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>
/// (2) Routing decisions at each fleet size (full: 10,000 then 100,000 GPUs on one silo), open-loop: the highest
/// decision rate sustained (p99 under 20 ms, ≥ 97 % of the target rate completed, no errors), then three runs at 80 %
/// of it for p50/p99 (median with min–max). Set against the same two figures, in the same run, for an empty client
/// grain call (IPingGrain) and for the reservation alone (TryReserve then Release on a random GPU), which every
/// decision includes. Then the same decisions called from inside the silo, as the job grain (the router's only production
/// caller) makes them, against an in-silo empty call. The fleet grows in place, so the largest size also gives (5)
/// memory per GPU.
/// </summary>
public sealed class RoutingScenario : IScenario
{
    public const double TargetDecisionsPerSecond = 20_000;
    public const double TargetP99Ms = 5;

    public string Name => "routing";

    public string Description => "(2) routing decisions/s sustained open-loop and p50/p99 at 80 % of it, at 10k and 100k GPUs (+ (5) memory per GPU at the largest size)";

    public async Task RunAsync(ScenarioContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = context.Sizes;
        // Measured before any silo runs: in a quiet process the bare objects' size is exact.
        var bare = BareIndexBaseline.BytesPerGpu(Math.Min(s.RoutingFleets.Max(), 100_000));
        await using var cluster = await context.StartClusterAsync();
        var memoryBefore = HeapMeter.Measure();
        using var fleet = new SimulatedFleet(cluster.Client, "r", s.GpusPerMiner, seed: 1);
        var workload = new RoutingWorkload("rt", seed: 2);
        var router = cluster.Client.GetGrain<IRouterGrain>(0);
        var ping = cluster.Client.GetGrain<IPingGrain>(0);
        var largest = s.RoutingFleets.Max();
        foreach (var size in s.RoutingFleets)
        {
            var registration = await fleet.GrowAsync(size, s.RegistrationConcurrency, m => context.Log($"  {m}"));
            context.Log($"routing: fleet at {fleet.GpuCount:N0} GPUs, +{registration.GpusAdded:N0} in {registration.Elapsed.TotalSeconds:0.0} s");
            AddRegistrationRows(context, size, registration);
            if (size == largest && size == s.RoutingFleets[0])
            {
                MemoryRows.Add(context, memoryBefore, HeapMeter.Measure(), fleet.GpuCount, bare);
            }
            else if (size == largest)
            {
                // Not per GPU after load: the smaller fleet's decisions ran first, and what their load left on the heap
                // (pools, claims, the runtime's caches) would be charged to the GPUs.
                context.Report.Note(
                    $"Memory per GPU @{size:N0} is not reported here: the smaller fleet's load ran first, and what it left on the heap would count as the GPUs'. " +
                    "Scenario 'memory' (or this one with --fleet at one size) measures it from an empty silo.");
            }

            var regions = await cluster.Client.GetGrain<IFleetDirectoryGrain>("fleet").GetRegions();
            var biggest = regions.MaxBy(r => r.GpuCount)!;
            context.Report.Note($"Routing @{size:N0}: {regions.Count} regions hold GPUs; the largest, {biggest.Region}, holds {biggest.GpuCount:N0}. Decisions search the silo's snapshot of all of them at once.");

            if (context.Options.Rate is { } probeRate)
            {
                await ProbeInSiloAsync(context, cluster, workload, size, probeRate, context.Options.Duration ?? TimeSpan.FromSeconds(5), context.Options.Settle ?? TimeSpan.FromSeconds(30));
                continue;
            }

            var plan = SustainedLoadPlan.For(s.IsFull, 8_000);
            var baseline = await SustainedLoad.MeasureAsync(i => PoolThread.Run(() => ping.Ping((int)i)), SustainedLoadPlan.For(s.IsFull, 20_000), m => context.Log($"routing @{size:N0}: ping {m}"));
            var gpuIds = fleet.AllGpuIds().ToArray();
            var reserve = await SustainedLoad.MeasureAsync(i => PoolThread.Run(() => ReserveAndRelease(cluster.Client, gpuIds, i)), plan, m => context.Log($"routing @{size:N0}: reservation {m}"));

            // The first decisions from the client were slow (p90 0.2–0.4 s in the first 3 s trial at 100k, in four runs
            // out of four on 2026-12-02) and failed the search's first trial, capping the search below it: two seconds of
            // decisions first, not measured, so the search starts from a warm decision path.
            await LoadGenerator.RunAsync(8, TimeSpan.Zero, s.IsFull ? TimeSpan.FromSeconds(2) : TimeSpan.FromMilliseconds(200),
                LoadGenerator.Timed(i => workload.Decide(cluster.Client, router, -1 - i)));
            await workload.DrainReleasesAsync(TimeSpan.FromSeconds(30));
            var unroutedBefore = workload.Unrouted;
            var decisionsBefore = workload.Decisions;
            var sync = cluster.SiloServices.GetRequiredService<FleetSnapshotSync>();
            var pulledBefore = sync.Pulled;
            var deltas = cluster.SiloServices.GetRequiredService<RegionDeltaBatcher>();
            var deltasBefore = deltas.Counts;
            var loadedFrom = Stopwatch.GetTimestamp();
            var decisions = await SustainedLoad.MeasureAsync(i => PoolThread.Run(() => workload.Decide(cluster.Client, router, i)), plan, m => context.Log($"routing @{size:N0}: decisions {m}"));
            var loaded = Rate(sync.Pulled, pulledBefore, loadedFrom);
            var sent = Rate(deltas.Counts, deltasBefore, loadedFrom);
            await workload.DrainReleasesAsync(TimeSpan.FromSeconds(30));
            pulledBefore = sync.Pulled;
            var idleFrom = Stopwatch.GetTimestamp();
            await Task.Delay(s.IsFull ? TimeSpan.FromSeconds(10) : TimeSpan.FromMilliseconds(500));
            AddSyncRows(context, size, loaded, Rate(sync.Pulled, pulledBefore, idleFrom), sent);
            CheckErrors(context, $"routing @{size:N0}", decisions, workload.ReleaseErrors);
            AddRoutingRows(context, size, s.IsFull && size >= 10_000, decisions, reserve, baseline);

            // The production caller: a job grain routes in its own turn with the silo's router service, with no client
            // hop (no loopback TCP, no serialisation of the request or the decision) and no router grain call; its
            // reservation and release are grain calls. The same decisions and releases from the silo's own grain
            // factory, against an empty call made the same way.
            var siloRouter = cluster.SiloServices.GetRequiredService<FleetRouter>();
            var siloPing = cluster.SiloGrains.GetGrain<IPingGrain>(0);
            var siloBaseline = await GrainTurnContext.RunAsync(cluster.SiloServices, () => SustainedLoad.MeasureAsync(i => PoolThread.Run(() => siloPing.Ping((int)i)), SustainedLoadPlan.For(s.IsFull, 20_000), m => context.Log($"routing @{size:N0}: in-silo ping {m}")));
            var siloDecisions = await GrainTurnContext.RunAsync(cluster.SiloServices, () => SustainedLoad.MeasureAsync(i => PoolThread.Run(() => workload.Decide(cluster.SiloGrains, siloRouter.Route, i)), plan, m => context.Log($"routing @{size:N0}: in-silo decisions {m}")));
            await workload.DrainReleasesAsync(TimeSpan.FromSeconds(30));
            CheckErrors(context, $"routing in the silo @{size:N0}", siloDecisions, workload.ReleaseErrors);
            AddInSiloRows(context, size, s.IsFull && size >= 10_000, siloDecisions, siloBaseline);
            if (s.IsFull && size >= 10_000)
            {
                // The issue's "p99 < 5 ms at 80 % of that rate" read with "that rate" as the 20,000/s target: the same
                // three runs at 16,000/s, whatever rate the search sustained (80 % of a higher sustained rate is the
                // stricter reading, judged above).
                var rate = TargetDecisionsPerSecond * 0.8;
                var atTarget = await GrainTurnContext.RunAsync(cluster.SiloServices, () => RunSpread.RepeatAsync(3, run => OpenLoopGenerator.RunAsync(
                    new OpenLoopOptions(rate, plan.Run) { Warmup = plan.Warmup }, i => PoolThread.Run(() => workload.Decide(cluster.SiloGrains, siloRouter.Route, ((run + 1) * 10_000_000L) + i)))));
                await workload.DrainReleasesAsync(TimeSpan.FromSeconds(30));
                context.Log($"routing @{size:N0}: in-silo decisions at {rate:N0}/s: p50 {atTarget.Describe(r => r.P50Ms, "0.000")} ms, p99 {atTarget.Describe(r => r.P99Ms, "0.000")} ms, CPU {atTarget.Describe(r => r.CpuMicrosPerOperation, "0.0")} us/op");
                var p99 = atTarget.Median(r => r.P99Ms);
                context.Report.Add(new ResultRow(
                    "2 routing in the silo", $"in-silo decision p99 at {rate:N0}/s (80 % of the {TargetDecisionsPerSecond:N0}/s target) @{size:N0} ({atTarget.Describe(r => r.P99Ms, "0.000")})",
                    p99, "ms", "in-silo decision p99 at 80 % of its sustained rate", siloDecisions.At80?.Median(r => r.P99Ms),
                    $"< {TargetP99Ms:0} ms", p99 < TargetP99Ms && atTarget.Errors == 0 ? TargetStatus.Met : TargetStatus.Missed));
            }

            var unrouted = workload.Unrouted - unroutedBefore;
            if (unrouted > 0)
            {
                // Concurrent decisions hold GPUs for a moment; in a small fleet the nearest regions can run out.
                context.Report.Add(new ResultRow("2 routing", $"decisions with no GPU @{size:N0}", unrouted, "", "decisions", workload.Decisions - decisionsBefore));
                var reasons = workload.NoCapacityReasons.OrderByDescending(r => r.Value).Take(3).Select(r => $"{r.Value}× \"{r.Key}\"");
                context.Report.Note($"Routing @{size:N0}: no-capacity answers so far, most frequent: {string.Join("; ", reasons)}");
            }

            // Capacity at saturation (closed loop, 64 outstanding): no idle threads spinning between operations, so CPU
            // per operation is the work itself, and says which part of a decision the two cores spend on.
            var saturated = s.IsFull ? TimeSpan.FromSeconds(5) : TimeSpan.FromMilliseconds(500);
            var pingSaturated = await LoadGenerator.RunAsync(s.Concurrency, s.Warmup / 4, saturated, LoadGenerator.Timed(i => ping.Ping((int)i)));
            var reserveSaturated = await LoadGenerator.RunAsync(s.Concurrency, s.Warmup / 4, saturated, LoadGenerator.Timed(i => ReserveAndRelease(cluster.Client, gpuIds, i)));
            var decideSaturated = await LoadGenerator.RunAsync(s.Concurrency, s.Warmup / 4, saturated, LoadGenerator.Timed(i => workload.Decide(cluster.Client, router, i)));
            var siloPingSaturated = await GrainTurnContext.RunAsync(cluster.SiloServices, () => LoadGenerator.RunAsync(s.Concurrency, s.Warmup / 4, saturated, LoadGenerator.Timed(i => siloPing.Ping((int)i))));
            var siloDecideSaturated = await GrainTurnContext.RunAsync(cluster.SiloServices, () => LoadGenerator.RunAsync(s.Concurrency, s.Warmup / 4, saturated, LoadGenerator.Timed(i => workload.Decide(cluster.SiloGrains, siloRouter.Route, i))));
            await workload.DrainReleasesAsync(TimeSpan.FromSeconds(30));
            context.Log($"routing @{size:N0}: saturated ping {pingSaturated}; reservation {reserveSaturated}; decisions {decideSaturated}; in-silo ping {siloPingSaturated}; in-silo decisions {siloDecideSaturated}");
            AddSaturationRows(context, size, pingSaturated, reserveSaturated, decideSaturated);
            context.Report.Add(new ResultRow("2 routing saturated", $"decisions/s in the silo, closed loop {s.Concurrency} outstanding @{size:N0}", siloDecideSaturated.PerSecond, "/s", "in-silo ping /s", siloPingSaturated.PerSecond));
            context.Report.Add(new ResultRow("2 routing saturated", $"CPU per decision (+release) in the silo, saturated @{size:N0}", siloDecideSaturated.CpuMicrosPerOperation, "µs", "CPU per decision (+release) from the client", decideSaturated.CpuMicrosPerOperation));

            var breakdown = await RoutingBreakdown.MeasureAsync(cluster, workload, s.IsFull ? 500 : 20);
            context.Log($"routing @{size:N0}: breakdown {breakdown}");
            AddBreakdownRows(context, size, breakdown);
            context.Report.Note($"Routing @{size:N0}: mean candidates scored per decision {workload.MeanCandidatesConsidered:0}.");
        }

        context.Report.Note(
            "Routing is open-loop (tests/Benchmarks/Harness/OpenLoop): operations start on a fixed schedule, each on a thread-pool thread as a silo's turns and a gateway's requests do (PoolThread), and latency runs from the intended start. " +
            "The in-silo rows run with the internal marker in the request context, as a job grain's turn has it (GrainTurnContext). " +
            "'Sustained' is the highest rate at which no operation failed or was lost, ≥ 97 % of the target rate completed and p99 stayed ≤ 20 ms (a rate search of 3 s trials); " +
            "the latency figures are three 5 s runs at 80 % of that rate, median (min–max). A decision's latency ends when Route returns; the release of its booking follows and is part of the load, not of the latency.");
    }

    private static void AddSaturationRows(ScenarioContext context, int size, LoadResult ping, LoadResult reserve, LoadResult decide)
    {
        var scenario = "2 routing saturated";
        var outstanding = context.Sizes.Concurrency;
        context.Report.Add(new ResultRow(scenario, $"decisions/s, closed loop {outstanding} outstanding @{size:N0}", decide.PerSecond, "/s", "client ping /s", ping.PerSecond));
        context.Report.Add(new ResultRow(scenario, $"TryReserve+Release/s, closed loop {outstanding} outstanding @{size:N0}", reserve.PerSecond, "/s", "client ping /s", ping.PerSecond));
        context.Report.Add(new ResultRow(scenario, $"CPU per decision (+release), saturated @{size:N0}", decide.CpuMicrosPerOperation, "µs", "client ping CPU/call", ping.CpuMicrosPerOperation));
        context.Report.Add(new ResultRow(scenario, $"CPU per TryReserve+Release, saturated @{size:N0}", reserve.CpuMicrosPerOperation, "µs", "CPU per decision (+release)", decide.CpuMicrosPerOperation));
    }

    private static (double Pulls, double Gpus) Rate((long Pulls, long Gpus) now, (long Pulls, long Gpus) before, long since)
    {
        var seconds = Stopwatch.GetElapsedTime(since).TotalSeconds;
        return ((now.Pulls - before.Pulls) / seconds, (now.Gpus - before.Gpus) / seconds);
    }

    private static (double Queued, double Sent, double Batches) Rate((long Queued, long Sent, long Batches) now, (long Queued, long Sent, long Batches) before, long since)
    {
        var seconds = Stopwatch.GetElapsedTime(since).TotalSeconds;
        return ((now.Queued - before.Queued) / seconds, (now.Sent - before.Sent) / seconds, (now.Batches - before.Batches) / seconds);
    }

    private static void AddSyncRows(ScenarioContext context, int size, (double Pulls, double Gpus) loaded, (double Pulls, double Gpus) idle, (double Queued, double Sent, double Batches) sent)
    {
        var scenario = "2 routing snapshot sync";
        var regions = Fleet.Regions.RegionCatalog.Default.All.Count;
        var perSecond = 1000 / new RoutingOptions().SummaryBatchInterval.TotalMilliseconds;
        context.Report.Add(new ResultRow(scenario, $"GPU summaries queued/s by this silo's rows during the decision runs @{size:N0}", sent.Queued, "/s"));
        context.Report.Add(new ResultRow(scenario, $"GPU summaries sent/s to regions (coalesced) @{size:N0}", sent.Sent, "/s", "queued /s", sent.Queued));
        context.Report.Add(new ResultRow(scenario, $"region messages/s carrying them @{size:N0}", sent.Batches, "/s", $"regions × {perSecond:0}/s (one per batch interval)", regions * perSecond));
        context.Report.Add(new ResultRow(scenario, $"region pulls/s by this silo during the decision runs @{size:N0}", loaded.Pulls, "/s", "regions × 40/s (one per 25 ms batch)", regions * 40));
        context.Report.Add(new ResultRow(scenario, $"GPU summaries pulled/s during the decision runs @{size:N0}", loaded.Gpus, "/s"));
        context.Report.Add(new ResultRow(scenario, $"region pulls/s by this silo, idle @{size:N0}", idle.Pulls, "/s", "regions × 0.5/s (one per 2 s long poll)", regions * 0.5));
    }

    /// <summary>The reservation every decision makes, without the router: TryReserve on a GPU, then its release (not timed).</summary>
    private static async Task ReserveAndRelease(IGrainFactory grains, string[] gpuIds, long i)
    {
        var gpu = grains.GpuRow(gpuIds[(int)(i * 7919 % gpuIds.Length)]);
        var booking = $"reserve-{i}";
        var reservation = await gpu.TryReserve(new ReservationRequest(booking, null, DateTimeOffset.UtcNow + RoutingWorkload.Lease));
        if (reservation.Accepted)
        {
            _ = gpu.Release(booking);
        }
    }

    private static void CheckErrors(ScenarioContext context, string what, SustainedLoad load, long releaseErrors)
    {
        var failed = load.At80?.Errors ?? 0;
        if (failed > 0 || releaseErrors > 0)
        {
            context.Report.Errors.Add($"{what}: {failed} decisions failed or were lost at 80 %, {releaseErrors} releases failed; first: {load.At80?.FirstError}");
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

    private static void AddRoutingRows(ScenarioContext context, int size, bool judge, SustainedLoad decisions, SustainedLoad reserve, SustainedLoad ping)
    {
        const string scenario = "2 routing";
        AddDecisionRows(context, scenario, $"decisions/s sustained @{size:N0} GPUs (open loop)", "decision", "client ping", size, judge, decisions, ping);
        context.Report.Add(new ResultRow(scenario, $"decisions/s sustained @{size:N0}", decisions.SustainedRate, "/s", "TryReserve+Release sustained /s", reserve.SustainedRate));
        foreach (var (what, load) in new[] { ("decision", decisions), ("TryReserve+Release", reserve), ("client ping", ping) })
        {
            if (load.At80 is null)
            {
                context.Report.Add(new ResultRow(scenario, $"{what} not sustained at any rate tried @{size:N0} (lowest, /s)", load.LowestTried, "/s"));
            }
        }
    }

    /// <summary>
    /// A probe (--rate R, --duration S, --settle T): in-silo decisions at one fixed open-loop rate, after T seconds of
    /// the same load (the heap settles after registration: the first runs after it met full collections of 100 ms),
    /// then three rounds of two runs each, the decision as a job grain makes it (the silo's router service) and the
    /// same through the router grain (one more call), each run's line logged with its collections and pauses; nothing
    /// is added to the report. For A/B runs of what shapes the tail at the target's 80 % point without the minutes of
    /// the rate search.
    /// </summary>
    private static async Task ProbeInSiloAsync(
        ScenarioContext context, BenchCluster cluster, RoutingWorkload workload, int size, double rate, TimeSpan duration, TimeSpan settle)
    {
        var service = cluster.SiloServices.GetRequiredService<FleetRouter>();
        var grain = cluster.SiloGrains.GetGrain<IRouterGrain>(0);
        var warm = await GrainTurnContext.RunAsync(cluster.SiloServices, () => OpenLoopGenerator.RunAsync(
            new OpenLoopOptions(rate, settle) { Warmup = TimeSpan.Zero }, i => PoolThread.Run(() => workload.Decide(cluster.SiloGrains, service.Route, -1 - i))));
        context.Log($"routing probe @{size:N0}: settling {warm}");
        await workload.DrainReleasesAsync(TimeSpan.FromSeconds(30));
        var paths = new (string Name, Func<RoutingRequest, Task<RoutingDecision>> Route)[] { ("router service", service.Route), ("router grain", grain.Route) };
        var results = paths.ToDictionary(p => p.Name, _ => new List<OpenLoopResult>());
        var bytes = paths.ToDictionary(p => p.Name, _ => new List<double>());
        using var allocations = new AllocationSampler();
        var liveBefore = GC.GetTotalMemory(forceFullCollection: true);
        var roundsFrom = workload.Decisions;
        var runNumber = 0;
        for (var round = 0; round < 3; round++)
        {
            foreach (var (name, route) in paths)
            {
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
                var decisionsBefore = workload.Decisions;
                // Each run's bookings apart from every other run's (the settling run's are below zero).
                var offset = ++runNumber * 10_000_000L;
                var run = await GrainTurnContext.RunAsync(cluster.SiloServices, () => OpenLoopGenerator.RunAsync(
                    new OpenLoopOptions(rate, duration) { Warmup = TimeSpan.FromMilliseconds(500) }, i => PoolThread.Run(() => workload.Decide(cluster.SiloGrains, route, offset + i))));
                await workload.DrainReleasesAsync(TimeSpan.FromSeconds(30));
                results[name].Add(run);
                bytes[name].Add((GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore) / (double)Math.Max(1, workload.Decisions - decisionsBefore));
                context.Log($"routing probe @{size:N0}: in-silo decisions, {name}: {run}");
            }
        }

        foreach (var (name, _) in paths)
        {
            var spread = new RunSpread(results[name]);
            context.Log($"routing probe @{size:N0}: {name} at {rate:N0}/s: p50 {spread.Describe(r => r.P50Ms, "0.000")} ms, p99 {spread.Describe(r => r.P99Ms, "0.000")} ms, " +
                $"CPU {spread.Describe(r => r.CpuMicrosPerOperation, "0.0")} µs, {bytes[name].Average():N0} B allocated per decision (with its release)");
        }

        // Which types the decisions allocate (sampled by bytes, both paths): the heap's churn is a share of their CPU.
        context.Log($"routing probe @{size:N0}: most allocated types: " + string.Join(", ", allocations.Top(25).Select(t => $"{t.Type} {t.Share:P1}")));
        var liveAfter = GC.GetTotalMemory(forceFullCollection: true);
        context.Log($"routing probe @{size:N0}: live heap {liveBefore / 1048576.0:N1} MB before the rounds, {liveAfter / 1048576.0:N1} MB after ({(liveAfter - liveBefore) / (double)Math.Max(1, workload.Decisions - roundsFrom):N1} B per decision of the rounds)");
        context.Log($"routing probe @{size:N0}: large objects: " + string.Join(", ", allocations.TopLarge(10).Select(t => $"{t.Type} {t.Bytes / 1024.0:N0} KB")));
        context.Log($"routing probe @{size:N0}: collections (generation, reason, type): " + string.Join(", ", allocations.Collections.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}: {c.Value}")));
    }

    /// <summary>
    /// The decision as the job grain makes it (from inside the silo), judged on the same targets: the issue names no
    /// caller, and the router's only production caller is the job grain on the same silo.
    /// </summary>
    private static void AddInSiloRows(ScenarioContext context, int size, bool judge, SustainedLoad decisions, SustainedLoad ping) =>
        AddDecisionRows(context, "2 routing in the silo", $"decisions/s sustained @{size:N0} GPUs, called in the silo (open loop)", "in-silo decision", "in-silo ping", size, judge, decisions, ping);

    /// <summary>
    /// The sustained rate and p50/p99 at 80 % of it, each against the same figure for the empty call. A full run judges
    /// them on issue 12's targets at 10k GPUs and more (the acceptance names 10k and 100k); a smoke run's small fleets are not judged.
    /// </summary>
    private static void AddDecisionRows(
        ScenarioContext context, string scenario, string rateMetric, string decision, string baseline, int size, bool judge, SustainedLoad decisions, SustainedLoad ping)
    {
        var at80 = decisions.At80;
        var rateStatus = judge ? (decisions.SustainedRate >= TargetDecisionsPerSecond ? TargetStatus.Met : TargetStatus.Missed) : TargetStatus.None;
        var p99Status = judge ? (at80 is not null && at80.Median(r => r.P99Ms) < TargetP99Ms ? TargetStatus.Met : TargetStatus.Missed) : TargetStatus.None;
        var target = judge ? $"≥ {TargetDecisionsPerSecond:N0}/s" : null;
        var p99Target = judge ? $"< {TargetP99Ms:0} ms" : null;
        context.Report.Add(new ResultRow(scenario, rateMetric, decisions.SustainedRate, "/s", $"{baseline} sustained /s", ping.SustainedRate, target, rateStatus));
        if (at80 is null)
        {
            context.Report.Add(new ResultRow(scenario, $"{decision} p99 at 80 % @{size:N0}", null, "no sustained rate to take 80 % of", Target: p99Target, Status: p99Status));
            return;
        }

        var pingAt80 = ping.At80;
        context.Report.Add(new ResultRow(scenario, $"{decision} p50 at 80 % @{size:N0} ({at80.Describe(r => r.P50Ms, "0.000")})", at80.Median(r => r.P50Ms), "ms", $"{baseline} p50 at 80 %", pingAt80?.Median(r => r.P50Ms)));
        context.Report.Add(new ResultRow(scenario, $"{decision} p99 at 80 % @{size:N0} ({at80.Describe(r => r.P99Ms, "0.000")})", at80.Median(r => r.P99Ms), "ms", $"{baseline} p99 at 80 %", pingAt80?.Median(r => r.P99Ms), p99Target, p99Status));
    }

    private static void AddBreakdownRows(ScenarioContext context, int size, RoutingBreakdownResult b)
    {
        var scenario = "2 routing breakdown";
        var baseline = "in-silo ping p50 (1 outstanding)";
        var batch = new RoutingOptions().SummaryBatchInterval.TotalMilliseconds;
        context.Report.Add(new ResultRow(scenario, $"Route, uncontended p50 @{size:N0}", b.RouteMs, "ms", baseline, b.PingMs));
        context.Report.Add(new ResultRow(scenario, $"snapshot search, 16 nearest over all regions, p50 @{size:N0}", b.SearchMs, "ms", baseline, b.PingMs));
        context.Report.Add(new ResultRow(scenario, $"TryReserve + Release p50 @{size:N0}", b.ReserveReleaseMs, "ms", baseline, b.PingMs));
        context.Report.Add(new ResultRow(scenario, $"share of GPU changes this silo's snapshot shows when the reservation answers @{size:N0}", b.OwnSnapshotAtOnce * 100, "%"));
        context.Report.Add(new ResultRow(scenario, $"region lag after a GPU change p50 @{size:N0} (other silos: + one pull)", b.RegionLagP50Ms, "ms", "summary batch interval", batch));
        context.Report.Add(new ResultRow(scenario, $"region lag after a GPU change p99 @{size:N0} (other silos: + one pull)", b.RegionLagP99Ms, "ms", "summary batch interval", batch));
    }
}
