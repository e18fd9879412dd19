using Aitbc.Orleans.Benchmarks.Harness;
using Aitbc.Orleans.Benchmarks.Harness.OpenLoop;
using Aitbc.Orleans.Benchmarks.Reporting;
using Aitbc.Orleans.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>
/// The development system of scenario 'jobs' (200 simulated GPUs) under one fixed open-loop job rate (`--rate`, default
/// 500/s) for `--duration` seconds (default 30), after a 5 s warm-up: latency, CPU, grain calls and writes per job. A
/// steady load to attach a profiler to (`dotnet-trace collect -p PID`) and to compare two builds at the same rate;
/// the sustained rate and its targets are scenario 'jobs'. Run by name only.
/// </summary>
public sealed class JobsLoadScenario : IScenario
{
    private const int SimulatedGpus = 200;

    public string Name => "jobs-load";

    public string Description => "the development system of 'jobs' under one fixed job rate (--rate, default 500/s; --duration, default 30 s): latency, CPU, calls and writes per job, for profiling";

    public async Task RunAsync(ScenarioContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rate = context.Options.Rate ?? 500;
        var duration = context.Options.Duration ?? TimeSpan.FromSeconds(30);
        await using var system = await DevelopmentSystem.StartAsync(SimulatedGpus);
        context.Log($"jobs-load: process {Environment.ProcessId}, {rate:N0} jobs/s for {duration.TotalSeconds:0} s after a 5 s warm-up");
        // The idle system's own allocation (heartbeats, snapshot polls, dashboard) over 5 s, taken off the per-job figure.
        var idleWatch = GcWatch.Start();
        await Task.Delay(TimeSpan.FromSeconds(5));
        var idleBytesPerSecond = idleWatch.Stop().AllocatedBytes / 5.0;
        var rows = (system.Services.GetRequiredKeyedService<IGrainStorage>("aitbc.inner") as LocalGrainStorage)?.Rows;
        var rowsBefore = rows?.Sizes() ?? [];
        var heapBefore = HeapMeter.Measure();
        context.Log($"jobs-load: gauges before the load: {OrleansGauges.Read()}");
        var costs = JobCosts.Start(system.Calls, system.Writes);
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var gc = GcWatch.Start();
        using var pool = ThreadPoolWatch.Start();
        using var allocations = new AllocationSampler();
        // The slow-job sample counts jobs sent after the warm-up.
        _ = Task.Delay(TimeSpan.FromSeconds(5)).ContinueWith(_ => system.Traffic.ResetSlowJobs(), TaskScheduler.Default);
        var connectionsBefore = system.Traffic.Connections.Mark();
        var run = await OpenLoopGenerator.RunAsync(new OpenLoopOptions(rate, duration) { Warmup = TimeSpan.FromSeconds(5) }, system.SubmitJob);
        costs.Stop();
        var collections = gc.Stop();
        context.Log($"jobs-load: {run}");
        context.Log($"jobs-load: {pool.Stop()}");
        context.Log($"jobs-load: {system.Traffic.SlowJobs.Describe()}");
        context.Log($"jobs-load: client connections during the load: {system.Traffic.Connections.Describe(connectionsBefore)}");
        context.Log($"jobs-load: gauges after the load: {OrleansGauges.Read()}");
        // What the load left activated, by grain type: settled jobs and their helpers should not pile up.
        context.Log($"jobs-load: after the load, {await OrleansGauges.ActivationsByType(system.Services.GetRequiredService<IGrainFactory>())}");
        var jobs = run.Issued + (long)Math.Round(rate * 5);
        var perJob = (collections.AllocatedBytes - idleBytesPerSecond * started.Elapsed.TotalSeconds) / jobs;
        // What the jobs left behind: the live heap after full collections, less the same before the load.
        var heapAfter = HeapMeter.Measure();
        var retainedPerJob = (heapAfter.TotalMemoryBytes - heapBefore.TotalMemoryBytes) / (double)jobs;
        context.Log($"jobs-load: live heap {heapBefore.TotalMemoryBytes / 1048576.0:N1} MiB before, {heapAfter.TotalMemoryBytes / 1048576.0:N1} MiB after " +
            $"(heap size {heapAfter.HeapSizeBytes / 1048576.0:N1} MiB, RSS {heapAfter.ResidentBytes / 1048576.0:N0} MiB): {retainedPerJob:N0} B retained per job; " +
            $"{collections.Gen0PromotedBytes / (double)jobs:N0} B per job survived gen0 collections, {collections.Gen1PromotedBytes / (double)jobs:N0} B gen1");
        var storedBytesPerJob = 0.0;
        foreach (var (state, count, bytes) in rows?.Sizes() ?? [])
        {
            var before = rowsBefore.FirstOrDefault(r => r.State == state);
            storedBytesPerJob += (bytes - before.Bytes) / (double)jobs;
            context.Log($"jobs-load: stored '{state}': {count:N0} rows, {bytes / 1048576.0:N1} MiB; per job {(count - before.Rows) / (double)jobs:0.000} rows, {(bytes - before.Bytes) / (double)jobs:N0} B");
        }

        HoldForDump(context);
        context.Log($"jobs-load: {collections}; {perJob:N0} B allocated per job (the idle system's {idleBytesPerSecond / 1048576:0.0} MiB/s taken off)");
        context.Log("jobs-load: most allocated types (sampled by bytes): " + string.Join(", ", allocations.Top(25).Select(t => $"{t.Type} {t.Share:P1}")));
        context.Log($"jobs-load: {costs}");
        if (run.Errors + run.Lost > 0)
        {
            context.Report.Errors.Add($"jobs-load: {run.Errors} failed and {run.Lost} lost at {rate:N0}/s, first: {run.FirstError}");
        }

        var scenario = $"jobs at a fixed {rate:N0}/s (dev system)";
        context.Report.Add(new ResultRow(scenario, "jobs/s completed", run.AchievedRate, "/s"));
        context.Report.Add(new ResultRow(scenario, "job p50", run.P50Ms, "ms"));
        context.Report.Add(new ResultRow(scenario, "job p99", run.P99Ms, "ms"));
        context.Report.Add(new ResultRow(scenario, "CPU per job (whole process)", run.CpuMicrosPerOperation, "µs"));
        context.Report.Add(new ResultRow(scenario, "bytes allocated per job (whole process, the idle system's rate taken off)", perJob, "B"));
        context.Report.Add(new ResultRow(scenario, "GC pause in all (warm-up included)", collections.TotalPause.TotalMilliseconds, "ms"));
        context.Report.Add(new ResultRow(scenario, "longest GC pause", collections.LongestPause.TotalMilliseconds, "ms"));
        context.Report.Add(new ResultRow(scenario, "live heap retained per job (after full GCs)", retainedPerJob, "B"));
        context.Report.Add(new ResultRow(scenario, "bytes surviving gen0 and gen1 collections per job", collections.CopiedPerOperation(jobs), "B"));
        context.Report.Add(new ResultRow(scenario, "stored state bytes per job (serialised)", storedBytesPerJob, "B"));
        context.Report.Add(new ResultRow(scenario, "live heap at the end (after full GCs)", heapAfter.TotalMemoryBytes / 1048576.0, "MiB"));
        context.Report.Add(new ResultRow(scenario, "grain calls per job to Aitbc grains", costs.AppCallsPerJob, ""));
        context.Report.Add(new ResultRow(scenario, "grain-state writes per job", costs.WritesPerJob, ""));
    }

    /// <summary>With AITBC_JOBS_LOAD_HOLD_S set, waits that long after the load so `dotnet-gcdump collect -p PID` sees what it left.</summary>
    private static void HoldForDump(ScenarioContext context)
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("AITBC_JOBS_LOAD_HOLD_S"), out var seconds) && seconds > 0)
        {
            context.Log($"jobs-load: holding {seconds} s for a heap dump of process {Environment.ProcessId}");
            Thread.Sleep(TimeSpan.FromSeconds(seconds));
        }
    }
}
