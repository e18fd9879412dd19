using Aitbc.Orleans.Benchmarks.Harness;
using Aitbc.Orleans.Benchmarks.Harness.OpenLoop;
using Aitbc.Orleans.Benchmarks.Reporting;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>
/// (11) Jobs through HTTP, open-loop, on a production cluster of separate processes on PostgreSQL (local-cluster.sh:
/// 2 silos, 1 gateway, TLS, its own PostgreSQL) with a `MinerClient run --simulate 100` process. Figures: the highest
/// job rate sustained with p99 ≤ 250 ms (issue 11 acceptance 2: ≥ 300/s), against the same gateway's /health/ready;
/// and the database round trips per job: statements the cluster ran (pg_stat_statements) and transactions it committed
/// (pg_stat_database; a batch of state writes is one) during a run at 70 % of that rate, per completed job, with the
/// same cluster's idle rate (heartbeats, membership, reminders) over as long taken off; and the CPU the cluster's processes (silos, gateway, miner, PostgreSQL) spent per job in that run. Not in --smoke or --full: it builds on the Release output and starts processes and a database server.
/// </summary>
public sealed class ProductionJobsScenario : IScenario
{
    private const int SimulatedGpus = 100;

    public string Name => "prod-jobs";

    public string Description => "(11) open-loop HTTP jobs on a production cluster (2 silos + 1 gateway processes, PostgreSQL, TLS, 100 simulated GPUs): jobs/s vs /health/ready, database round trips per job";

    public async Task RunAsync(ScenarioContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var full = context.Sizes.IsFull;
        await using var system = await ProductionSystem.StartAsync(SimulatedGpus, context.Log);
        if (context.Options.Rate is { } probeRate)
        {
            await ProbeAsync(context, system, probeRate, context.Options.Duration ?? TimeSpan.FromSeconds(20));
            return;
        }

        Func<long, Task> job = system.Traffic.SubmitJob;
        Func<long, Task> health = system.Traffic.Health;
        var trial = full ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(1);
        var warmup = full ? TimeSpan.FromSeconds(1) : TimeSpan.FromMilliseconds(200);

        var (healthRate, _) = await RateSearch.FindSustainableAsync(
            full ? 500 : 100, 100_000, p99CapMs: 20, r => OpenLoopGenerator.RunAsync(new OpenLoopOptions(r, trial) { Warmup = warmup }, health),
            bisections: full ? 3 : 1, log: r => context.Log($"prod-jobs: /health/ready trial {r}"),
            retrying: r => context.Log("prod-jobs: /health/ready trial failed (a pause on a cold process, say); once more at the same rate"));
        context.Log($"prod-jobs: /health/ready sustains {healthRate:N0}/s");
        var (jobRate, _) = await RateSearch.FindSustainableAsync(
            full ? 25 : 10, 5_000, p99CapMs: 250, r => OpenLoopGenerator.RunAsync(new OpenLoopOptions(r, trial) { Warmup = warmup }, job),
            bisections: full ? 3 : 1, log: r => context.Log($"prod-jobs: job trial {r}"),
            retrying: r => context.Log("prod-jobs: job trial failed (the first jobs run cold code); once more at the same rate"));
        context.Log($"prod-jobs: POST /v1/jobs?wait=30 sustains {jobRate:N0}/s");
        if (jobRate == 0)
        {
            jobRate = 10;
            context.Log($"prod-jobs: no trial rate was sustained; round trips are counted at {jobRate}/s");
        }

        // Round trips: statements during a run at 70 %, less the idle cluster's statements over as long.
        var window = full ? TimeSpan.FromSeconds(15) : TimeSpan.FromSeconds(3);
        await Task.Delay(TimeSpan.FromSeconds(3)); // the last trial's jobs finish
        await system.Statements(reset: true);
        var idleStart = DateTime.UtcNow;
        var transactionsFrom = await system.Transactions();
        var idleFrom = system.ClusterCpu();
        await Task.Delay(window);
        var idleCpu = system.ClusterCpu() - idleFrom;
        var idle = await system.Statements(reset: true);
        var busyTransactionsFrom = await system.Transactions();
        var idleTransactions = busyTransactionsFrom - transactionsFrom;
        var idleSpan = DateTime.UtcNow - idleStart;
        var busyStart = DateTime.UtcNow;
        var writesBefore = await system.WritesByGrainType();
        var cpuBefore = system.ClusterCpu();
        system.Traffic.ResetSlowJobs();
        var run = await OpenLoopGenerator.RunAsync(new OpenLoopOptions(jobRate * 0.7, window), job);
        var clusterCpu = system.ClusterCpu() - cpuBefore;
        var busy = await system.Statements();
        var writesAfter = await system.WritesByGrainType();
        var top = await system.TopStatements(8);
        var jobs = Math.Max(1, run.Completed);
        var perJob = (busy - idle) / (double)jobs;

        // Transactions over the run and the pauses around it, less the idle cluster's at its rate over as long.
        var busyTransactions = await system.Transactions() - busyTransactionsFrom;
        var transactionsPerJob = Math.Max(0, busyTransactions - idleTransactions * ((DateTime.UtcNow - busyStart) / idleSpan)) / jobs;
        // The idle cluster's own CPU (heartbeats of every rig, membership, snapshot polls) over as long is taken off.
        var clusterCpuPerJob = Math.Max(0, (clusterCpu - idleCpu).TotalMilliseconds) * 1000 / jobs;
        context.Log($"prod-jobs: at {jobRate * 0.7:N0}/s for {window.TotalSeconds:0} s: {run}");
        context.Log($"prod-jobs: at {jobRate * 0.7:N0}/s, jobs drawn for verification and the rest: {system.Traffic.SlowJobs.Describe()}");
        context.Log($"prod-jobs: the cluster's processes (2 silos, gateway, miner, PostgreSQL) used {clusterCpu.TotalSeconds:0.0} s of CPU in the run and " +
            $"{idleCpu.TotalSeconds:0.0} s idle over as long: {clusterCpuPerJob:N0} us per job, so 2 cores less the idle cluster's " +
            $"{idleCpu.TotalSeconds / window.TotalSeconds:0.00} carry at most {(2 - idleCpu.TotalSeconds / window.TotalSeconds) * 1e6 / Math.Max(1, clusterCpuPerJob):N0} jobs/s before the load generator takes its share");
        context.Log($"prod-jobs: {busy} statements during the run, {idle} idle over as long: {perJob:0.0} statements per job, {transactionsPerJob:0.00} transactions per job; most run: " +
            string.Join("; ", top.Select(t => $"{t.Calls / (double)jobs:0.00}/job {t.Query}")));
        // Which grains write, per job (the idle cluster's writes over the run included: heartbeats' periodic telemetry).
        context.Log($"prod-jobs: grain-state writes per job by grain type, {WritesPerJob(writesBefore, writesAfter, jobs)}");
        if (run.Errors + run.Lost > 0)
        {
            context.Report.Errors.Add($"prod-jobs: {run.Errors} failed and {run.Lost} lost at {run.TargetRate:N0}/s, first: {run.FirstError}");
        }

        const string scenario = "11 jobs (production, PostgreSQL)";
        context.Report.Add(new ResultRow(scenario, "/health/ready sustained rate through the gateway (p99 ≤ 20 ms)", healthRate, "/s"));
        context.Report.Add(new ResultRow(
            scenario, $"jobs/s sustained, POST /v1/jobs?wait=30, 2 silos + 1 gateway, {SimulatedGpus} simulated GPUs (p99 ≤ 250 ms)", jobRate, "/s",
            "/health/ready /s", healthRate, "≥ 300/s", jobRate >= 300 ? TargetStatus.Met : TargetStatus.Missed));
        context.Report.Add(new ResultRow(scenario, $"job p99 at 70 % ({jobRate * 0.7:N0}/s)", run.P99Ms, "ms"));
        context.Report.Add(new ResultRow(scenario, "database statements per job (idle cluster's taken off)", perJob, ""));
        context.Report.Add(new ResultRow(scenario, "database transactions per job (a statement alone or a batch of state writes: round trips that commit; idle cluster's taken off)", transactionsPerJob, ""));
        context.Report.Add(new ResultRow(scenario, "CPU per job at 70 % (load generator process only)", run.CpuMicrosPerOperation, "µs"));
        context.Report.Add(new ResultRow(scenario, "CPU per job at 70 % (silos, gateway, miner and PostgreSQL processes; idle cluster's taken off)", clusterCpuPerJob, "µs"));
        context.Report.Add(new ResultRow(scenario, "CPU of the idle cluster (cores busy)", idleCpu.TotalSeconds / window.TotalSeconds, ""));
    }
    /// <summary>
    /// `--scenario prod-jobs --rate R [--duration S]`: one fixed rate, no search, to see where a rate's cost goes: the
    /// cluster's CPU by process (the idle cluster's over as long beside it), latency apart for jobs re-executed for
    /// verification and the rest, and writes per grain type. Not recorded in the results table.
    /// </summary>
    private static async Task ProbeAsync(ScenarioContext context, ProductionSystem system, double rate, TimeSpan duration)
    {
        // The job path's code is compiled and tiered on first use: a warm-up at a low rate first.
        var warm = await OpenLoopGenerator.RunAsync(new OpenLoopOptions(Math.Min(rate, 50), TimeSpan.FromSeconds(15)), system.Traffic.SubmitJob);
        context.Log($"prod-jobs probe: warm-up, {warm}");
        await Task.Delay(TimeSpan.FromSeconds(3));
        await system.Statements(reset: true);
        var idleTransactionsFrom = await system.Transactions();
        var idleFrom = system.ClusterCpuByProcess();
        await Task.Delay(duration);
        var idle = Spent(idleFrom, system.ClusterCpuByProcess());
        var idleStatements = await system.Statements(reset: true);
        var busyTransactionsFrom = await system.Transactions();
        var idleTransactions = busyTransactionsFrom - idleTransactionsFrom;
        var writesBefore = await system.WritesByGrainType();
        system.Traffic.ResetSlowJobs();
        var metricsFrom = await system.SiloMetrics();
        var busyFrom = system.ClusterCpuByProcess();
        var run = await OpenLoopGenerator.RunAsync(new OpenLoopOptions(rate, duration), system.Traffic.SubmitJob);
        var busy = Spent(busyFrom, system.ClusterCpuByProcess());
        var metrics = await system.SiloMetrics();
        var writesAfter = await system.WritesByGrainType();
        var busyStatements = await system.Statements();
        var busyTransactions = await system.Transactions() - busyTransactionsFrom;
        var jobs = Math.Max(1, run.Completed);
        context.Log($"prod-jobs probe: {rate:N0}/s for {duration.TotalSeconds:0} s: {run}");
        context.Log($"prod-jobs probe: database statements per job {(busyStatements - idleStatements) / (double)jobs:0.00}, transactions per job {(busyTransactions - idleTransactions) / (double)jobs:0.00} (idle's over about as long taken off)");
        context.Log($"prod-jobs probe: {system.Traffic.SlowJobs.Describe()}");
        context.Log($"prod-jobs probe: cores busy by process, under load (idle over as long): " + string.Join(", ", busy.OrderByDescending(p => p.Value).Select(p =>
            $"{p.Key} {p.Value.TotalSeconds / duration.TotalSeconds:0.00} ({idle.GetValueOrDefault(p.Key).TotalSeconds / duration.TotalSeconds:0.00})")) +
            $"; in all {busy.Values.Sum(t => t.TotalSeconds) / duration.TotalSeconds:0.00} ({idle.Values.Sum(t => t.TotalSeconds) / duration.TotalSeconds:0.00}), " +
            $"{(busy.Values.Sum(t => t.TotalMilliseconds) - idle.Values.Sum(t => t.TotalMilliseconds)) * 1000 / jobs:N0} us per job with the idle's taken off");
        context.Log($"prod-jobs probe: grain-state writes per job by grain type, {WritesPerJob(writesBefore, writesAfter, jobs)}");
        context.Log("prod-jobs probe: messages the silos received per job, by connection and kind: " + MessagesPerJob(metrics.Since(metricsFrom, "orleans_messaging_"), jobs));
        context.Log("prod-jobs probe: stored state by grain type (rows, mean payload, mean as stored, largest): " + string.Join(", ", (await system.PayloadSizes())
            .Select(p => $"{p.GrainType} {p.Rows} × {p.MeanBytes:N0} B, {p.MeanStoredBytes:N0} B stored, max {p.MaxBytes:N0} B")));
        context.Log($"prod-jobs probe: mean time per job step, both silos: " + StageMeans(metrics.Since(metricsFrom, "aitbc_jobs_stage_duration")));

        static Dictionary<string, TimeSpan> Spent(IReadOnlyDictionary<string, TimeSpan> from, IReadOnlyDictionary<string, TimeSpan> to) =>
            to.ToDictionary(p => p.Key, p => p.Value - from.GetValueOrDefault(p.Key), StringComparer.Ordinal);
    }

    /// <summary>
    /// The messages the silos received (Orleans' received-size histogram's counts), summed by connection (silo to silo,
    /// client to gateway) and kind, per job; and the messages a silo forwarded because the grain was elsewhere.
    /// </summary>
    private static string MessagesPerJob(IReadOnlyDictionary<string, double> growth, long jobs)
    {
        static string Label(string series, string name) => PrometheusReading.LabelOf(series, name) ?? "?";

        var received = growth.Where(g => g.Key.StartsWith("orleans_messaging_received_messages_size_bytes_count{", StringComparison.Ordinal))
            .GroupBy(g => $"{Label(g.Key, "ConnectionDirection")} {Label(g.Key, "MessageDirection")}", StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Sum(s => s.Value) / jobs:0.00}");
        var forwarded = growth.Where(g => g.Key.StartsWith("orleans_messaging_processing_dispatcher_forwarded_total", StringComparison.Ordinal)).Sum(g => g.Value);
        return string.Join(", ", received) + $"; forwarded {forwarded / jobs:0.00}";
    }

    /// <summary>Each job step's mean from a histogram's growth (its _sum and _count series by stage), in the order of the steps' names.</summary>
    private static string StageMeans(IReadOnlyDictionary<string, double> growth)
    {
        static string? Stage(string series, string suffix) =>
            PrometheusReading.NameOf(series).EndsWith(suffix, StringComparison.Ordinal) ? PrometheusReading.LabelOf(series, "stage") : null;

        var sums = growth.Select(g => (Stage: Stage(g.Key, "_sum"), g.Value)).Where(g => g.Stage is not null).ToDictionary(g => g.Stage!, g => g.Value, StringComparer.Ordinal);
        var counts = growth.Select(g => (Stage: Stage(g.Key, "_count"), g.Value)).Where(g => g.Stage is not null).ToDictionary(g => g.Stage!, g => g.Value, StringComparer.Ordinal);
        return string.Join(", ", counts.Where(c => c.Value > 0).OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => $"{c.Key} {sums.GetValueOrDefault(c.Key) / c.Value:0.0} ms ({c.Value:0})"));
    }

    /// <summary>Each grain type's writes between two readings, per completed job, most first, with their sum.</summary>
    private static string WritesPerJob(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after, long jobs)
    {
        var perType = after
            .Select(w => (Type: w.Key, PerJob: (w.Value - before.GetValueOrDefault(w.Key)) / (double)jobs))
            .Where(w => w.PerJob > 0).OrderByDescending(w => w.PerJob).ToList();
        return $"{perType.Sum(w => w.PerJob):0.00} in all: " + string.Join(", ", perType.Select(w => $"{w.Type} {w.PerJob:0.00}"));
    }
}
