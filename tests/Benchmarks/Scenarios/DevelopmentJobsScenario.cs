using Aitbc.Orleans.Benchmarks.Harness;
using Aitbc.Orleans.Benchmarks.Harness.OpenLoop;
using Aitbc.Orleans.Benchmarks.Reporting;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>
/// (8) Jobs through HTTP, open-loop, on the development system exactly as `dotnet run --project Silo` builds it (one
/// process: silo with in-memory storage, the co-hosted gateway, the dashboard, and the local miner, here simulating 200
/// GPUs that answer after a 1 ms synthetic delay), on loopback ports the OS hands out. Each job is POST
/// /v1/jobs?wait=30 with the demo model's 16 inputs and counts only when it answers 200 with a completed job. The
/// baseline is the same system's GET /health/ready (a grain call through the same Kestrel), found the same way:
/// the highest rate it sustains, measured three times across the run (the median stands). Figures: the sustained job
/// rate and its ratio to the health rate, p99 at 70 % of it (three runs, each with the garbage collections it saw), the
/// completion rate in the last minute of a 3-minute run against the first at 70 % and at 90 % of the sustained rate,
/// and per job: CPU (the whole process, load generator included), grain calls received and grain-state writes.
/// </summary>
public sealed class DevelopmentJobsScenario : IScenario
{
    private const int SimulatedGpus = 200;

    public string Name => "jobs";

    public string Description => "(8) open-loop HTTP jobs on the development system (silo + gateway + local miner simulating 200 GPUs): jobs/s vs /health/ready, p99 at 70 %, 3-minute stability at 70 % and 90 %, GC pauses, CPU/calls/writes/bytes per job";

    public async Task RunAsync(ScenarioContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var full = context.Sizes.IsFull;
        await using var system = await DevelopmentSystem.StartAsync(SimulatedGpus);
        Func<long, Task> job = system.SubmitJob;
        Func<long, Task> health = system.Health;

        var trial = full ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(1);
        var warmup = full ? TimeSpan.FromSeconds(1) : TimeSpan.FromMilliseconds(200);
        // The baseline is held as long as the jobs' rate is (below), so that the ratio compares like with like.
        var longTrial = full ? TimeSpan.FromSeconds(30) : TimeSpan.FromSeconds(2);

        // Searched and held three times: before the jobs, once their rate has held, and after the 3-minute runs; the
        // median stands. On this 2-core VM one search held 9,492/s in one run and 15,916–18,984/s in others (session 22),
        // and a rate whose trial fails twice becomes the search's ceiling, so a single search could set the ratio either way.
        var baselines = new List<(double Edge, double Held)>();
        async Task MeasureBaseline(string when)
        {
            var (edge, _) = await RateSearch.FindSustainableAsync(
                full ? 2_000 : 500, 200_000, p99CapMs: 20, r => OpenLoopGenerator.RunAsync(new OpenLoopOptions(r, trial) { Warmup = warmup }, health),
                bisections: full ? 4 : 1, log: r => context.Log($"jobs: /health/ready trial {r}"),
                retrying: r => context.Log("jobs: /health/ready trial failed (a pause on a cold process, say); once more at the same rate"));
            var (heldRate, _) = await Hold(edge, 20, health, "/health/ready");
            baselines.Add((edge, heldRate));
            context.Log($"jobs: /health/ready {when} holds {edge:N0}/s in {trial.TotalSeconds:0} s trials and {heldRate:N0}/s for {longTrial.TotalSeconds:0} s");
        }

        await MeasureBaseline("before the jobs");

        // Where no rate held, the lowest tried stands in (for the baseline that flatters the jobs' ratio; the log says so).
        async Task<(double Rate, bool Held)> Hold(double edge, double p99CapMs, Func<long, Task> operation, string what)
        {
            if (edge <= 0)
            {
                return (edge, true);
            }

            var (confirmed, trials) = await RateSearch.ConfirmAsync(
                edge, p99CapMs, r => OpenLoopGenerator.RunAsync(new OpenLoopOptions(r, longTrial) { Warmup = warmup }, operation),
                log: r => context.Log($"jobs: {longTrial.TotalSeconds:0} s {what} trial {r}"));
            if (confirmed > 0)
            {
                return (confirmed, true);
            }

            var lowest = trials.Min(r => r.TargetRate);
            context.Log($"jobs: no {longTrial.TotalSeconds:0} s {what} trial held down to {lowest:N0}/s; the figures that use it are at that rate");
            return (lowest, false);
        }

        // From a low rate up: an overloaded trial leaves jobs running into the next one, so the search should rarely overshoot.
        var (jobRate, _) = await RateSearch.FindSustainableAsync(
            full ? 25 : 10, 20_000, p99CapMs: 100, r => OpenLoopGenerator.RunAsync(new OpenLoopOptions(r, trial) { Warmup = warmup }, job),
            bisections: full ? 4 : 1, log: r => context.Log($"jobs: job trial {r}"),
            retrying: r => context.Log("jobs: job trial failed; once more at the same rate"));
        context.Log($"jobs: POST /v1/jobs?wait=30 holds {jobRate:N0}/s in {trial.TotalSeconds:0} s trials");

        // A 5 s trial passes on what the gateway's 512 submissions in progress absorb, and a 180 s run at 70 % of such
        // an edge fell behind (session 21): the rate every later figure is taken from must hold for half a minute.
        var searchedRate = jobRate;
        (jobRate, var held) = await Hold(searchedRate, 100, job, "job");

        context.Log($"jobs: POST /v1/jobs?wait=30 {(held ? "sustains" : "is measured at")} {jobRate:N0}/s for {longTrial.TotalSeconds:0} s ({jobRate / Math.Max(1, baselines[0].Held):0.000} of the first /health/ready baseline)");
        await MeasureBaseline("after the jobs' rate held");
        if (jobRate == 0)
        {
            // Not even the first trial kept up (a starved machine): measure the rest at a low rate rather than none.
            jobRate = full ? 50 : 10;
            context.Log($"jobs: no trial rate was sustained; the remaining figures are at {jobRate}/s");
        }

        // At 70 % of the sustained rate, three runs; the counters cover them, and each run's collections are read so
        // that a tail can be set against the pauses.
        var window = full ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(1);
        var costs = JobCosts.Start(system.Calls, system.Writes);
        var collections = new List<GcReading>();
        var at70 = await RunSpread.RepeatAsync(3, async _ =>
        {
            using var gc = GcWatch.Start();
            var run = await OpenLoopGenerator.RunAsync(new OpenLoopOptions(jobRate * 0.7, window) { Warmup = warmup }, job);
            collections.Add(gc.Stop());
            context.Log($"jobs: at 70 %: {run}; {collections[^1]}");
            return run;
        });
        costs.Stop();
        var (callsPerJob, appCallsPerJob, writesPerJob) = (costs.CallsPerJob, costs.AppCallsPerJob, costs.WritesPerJob);
        context.Log($"jobs: at 70 %: p50 {at70.Describe(r => r.P50Ms, "0.00")} ms, p99 {at70.Describe(r => r.P99Ms, "0.00")} ms, CPU {at70.Describe(r => r.CpuMicrosPerOperation, "0")} us/job");
        context.Log($"jobs: {callsPerJob:0.0} grain calls per job ({appCallsPerJob:0.0} to Aitbc grains): {costs.CallBreakdown}");
        context.Log($"jobs: {writesPerJob:0.0} storage writes per job: {costs.WriteBreakdown}");
        // The warm-up's jobs allocate inside the window too: divide by everything issued in it.
        var issuedPerRun = at70.Runs.Select(r => r.Issued + (long)Math.Round(jobRate * 0.7 * warmup.TotalSeconds)).ToArray();
        var allocatedPerJob = RunSpread.MedianOf(collections.Select((c, i) => c.AllocatedPerOperation(issuedPerRun[i])));
        var pausedPerSecond = RunSpread.MedianOf(collections.Select(c => c.TotalPause.TotalMilliseconds / (window + warmup).TotalSeconds));
        var longestPause = RunSpread.MedianOf(collections.Select(c => c.LongestPause.TotalMilliseconds));

        // Stability: three minutes at the 70 % operating point and at 90 % of the sustained rate; completions in the
        // last minute of the schedule against the first, and how long the jobs issued ran on after it ended (a
        // backlog shows there). 100 % is the rate search's edge, where any pause leaves a backlog that open-loop
        // load never lets drain: it is not a rate to hold for minutes, and it is not run.
        var longRun = full ? TimeSpan.FromMinutes(3) : TimeSpan.FromSeconds(3);
        var stability = new List<(double Share, OpenLoopResult Run, double First, double Last, GcReading Gc, long Shed)>();
        foreach (var share in new[] { 0.7, 0.9 })
        {
            using var gc = GcWatch.Start();
            var shedBefore = system.Traffic.RefusedAtCapacity;
            var run = await OpenLoopGenerator.RunAsync(new OpenLoopOptions(jobRate * share, longRun) { Bucket = TimeSpan.FromSeconds(1) }, job);
            var reading = gc.Stop();
            var shed = system.Traffic.RefusedAtCapacity - shedBefore;
            var (first, last) = (run.RateBetween(TimeSpan.Zero, longRun / 3), run.RateBetween(longRun - longRun / 3, longRun));
            stability.Add((share, run, first, last, reading, shed));
            context.Log($"jobs: {longRun.TotalSeconds:0} s at {share:P0} ({jobRate * share:N0}/s): {run}; first third {first:N0}/s, last third {last:N0}/s, " +
                $"ran on {Math.Max(0, (run.Elapsed - longRun).TotalSeconds):0.0} s after the schedule; {shed:N0} shed by the gateway at capacity; {reading}");
        }

        await MeasureBaseline("after the 3-minute runs");
        var healthEdge = RunSpread.MedianOf(baselines.Select(b => b.Edge));
        var healthRate = RunSpread.MedianOf(baselines.Select(b => b.Held));
        var healthRange = $"{baselines.Min(b => b.Held):N0}–{baselines.Max(b => b.Held):N0}";
        context.Log($"jobs: /health/ready baselines {string.Join(", ", baselines.Select(b => $"{b.Held:N0}/s"))}: median {healthRate:N0}/s; " +
            $"jobs sustained {jobRate:N0}/s = {jobRate / Math.Max(1, healthRate):0.000} of it");

        // At 90 % of the search's edge a loaded machine can fall behind, and then the gateway sheds what it cannot hold
        // (503, nothing accepted): the designed answer to overload, and its row judges whether the run kept up. Any other
        // failure, and any failure at 70 %, is an error.
        foreach (var (run, shed) in at70.Runs.Select(r => (r, 0L)).Concat(stability.Select(s => (s.Run, s.Share > 0.7 ? s.Shed : 0L))))
        {
            if (run.Errors - shed + run.Lost > 0)
            {
                context.Report.Errors.Add($"jobs: {run.Errors} failed{(shed > 0 ? $" ({shed} of them shed at capacity)" : "")} and {run.Lost} lost at {run.TargetRate:N0}/s, first: {run.FirstError}");
            }
        }

        const string scenario = "8 jobs (dev system)";
        context.Report.Add(new ResultRow(scenario, $"/health/ready rate the search reached ({trial.TotalSeconds:0} s trials, p99 ≤ 20 ms; median of 3 searches)", healthEdge, "/s"));
        context.Report.Add(new ResultRow(scenario, $"/health/ready sustained rate ({longTrial.TotalSeconds:0} s at the rate, p99 ≤ 20 ms; median of 3: before the jobs, after their rate held, after the 3-minute runs; range {healthRange})", healthRate, "/s"));
        context.Report.Add(new ResultRow(scenario, $"jobs/s the rate search reached ({trial.TotalSeconds:0} s trials, p99 ≤ 100 ms)", searchedRate, "/s"));
        context.Report.Add(new ResultRow(
            scenario, held
                ? $"jobs/s sustained, POST /v1/jobs?wait=30, {SimulatedGpus} simulated GPUs ({longTrial.TotalSeconds:0} s at the rate, p99 ≤ 100 ms)"
                : $"jobs/s sustained, POST /v1/jobs?wait=30, {SimulatedGpus} simulated GPUs: none held p99 ≤ 100 ms for {longTrial.TotalSeconds:0} s down to {jobRate:N0}/s",
            held ? jobRate : 0, "/s",
            "/health/ready /s", healthRate, "≥ 930/s and ratio ≥ 0.08", held && jobRate >= 930 && jobRate >= 0.08 * healthRate ? TargetStatus.Met : TargetStatus.Missed));
        context.Report.Add(new ResultRow(
            scenario, $"job p99 at 70 % of {Basis(held)} ({jobRate * 0.7:N0}/s; median of 3, range {at70.Describe(r => r.P99Ms, "0.00")})", at70.Median(r => r.P99Ms), "ms",
            null, null, "< 50 ms", at70.Median(r => r.P99Ms) < 50 ? TargetStatus.Met : TargetStatus.Missed));
        context.Report.Add(new ResultRow(scenario, "job p50 at 70 % (median of 3)", at70.Median(r => r.P50Ms), "ms"));
        foreach (var (share, run, first, last, gc, _) in stability)
        {
            context.Report.Add(new ResultRow(
                scenario, $"jobs/s in the last third (minute) of a {longRun.TotalSeconds:0} s run at {share:P0} of {Basis(held)} ({jobRate * share:N0}/s; p99 {run.P99Ms:0.0} ms, ran on {Math.Max(0, (run.Elapsed - longRun).TotalSeconds):0.0} s after the schedule; {gc.Gen2} gen2 collections)",
                last, "/s", "first third /s", first, "≥ 0.9 × first", last >= 0.9 * first && run.Errors + run.Lost == 0 ? TargetStatus.Met : TargetStatus.Missed));
        }

        context.Report.Add(new ResultRow(scenario, "GC pause per second at 70 % (all collections; median of 3)", pausedPerSecond, "ms/s"));
        context.Report.Add(new ResultRow(scenario, "longest GC pause at 70 % (median of 3)", longestPause, "ms"));
        context.Report.Add(new ResultRow(scenario, "bytes allocated per job at 70 % (whole process, the idle system's share included; median of 3)", allocatedPerJob, "B"));
        context.Report.Add(new ResultRow(scenario, "CPU per job at 70 % (whole process; median of 3)", at70.Median(r => r.CpuMicrosPerOperation), "µs"));
        context.Report.Add(new ResultRow(scenario, "grain calls received per job (all, storage grains included)", callsPerJob, ""));
        context.Report.Add(new ResultRow(scenario, "grain calls per job to Aitbc grains", appCallsPerJob, ""));
        context.Report.Add(new ResultRow(scenario, "grain-state writes per job", writesPerJob, ""));
    }

    /// <summary>What the operating points are shares of: the sustained rate, or where no rate held, the lowest one tried.</summary>
    private static string Basis(bool held) => held ? "sustained" : "the lowest rate tried";
}
