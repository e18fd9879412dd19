using System.Diagnostics;
using Aitbc.Orleans.Benchmarks.Harness;
using Aitbc.Orleans.Benchmarks.Harness.OpenLoop;
using Aitbc.Orleans.Benchmarks.Reporting;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>
/// Issue 12, acceptance 2: jobs through the HTTP gateway must not slow down as the fleet grows. The development system
/// (as in 'jobs': one process, silo + gateway + local miner, synthetic 1 ms answers) is started twice in the same run,
/// first with 200 simulated GPUs and then with 100,000 (about 22,000 rigs of 1 to 8 GPUs, each its own miner that
/// registers, heartbeats every 15 s and attests: that fleet's upkeep shares the 2 cores with the jobs), and the same
/// client mix (POST /v1/jobs?wait=30, the demo model) runs against each: the highest sustained rate (the same rate
/// search as 'jobs'), then three 10 s runs at one fixed rate (70 % of the small fleet's sustained rate) for latency.
/// The large fleet is measured once every rig is registered. A simulated GPU is not a GPU: this measures the
/// coordinator, not inference.
/// </summary>
public sealed class FleetSizeJobsScenario : IScenario
{
    public string Name => "jobs-fleet";

    public string Description => "(12.2) open-loop HTTP jobs on the development system with 200 and with 100,000 simulated GPUs in the same run: the large fleet's jobs/s against the small one's";

    public async Task RunAsync(ScenarioContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var full = context.Sizes.IsFull;
        // --fleet N sets the large fleet (a quick look at a size between).
        var (small, large) = (200, context.Options.Fleets is { Count: > 0 } fleets ? fleets.Max() : full ? 100_000 : 2_000);
        var trial = full ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(1);
        var warmup = full ? TimeSpan.FromSeconds(1) : TimeSpan.FromMilliseconds(200);
        var window = full ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(1);

        var first = await MeasureAsync(context, small, null, trial, warmup, window, full);
        var second = await MeasureAsync(context, large, first.Rate * 0.7, trial, warmup, window, full);

        const string scenario = "12.2 jobs by fleet size (dev system)";
        var ratio = second.Rate / Math.Max(1, first.Rate);
        context.Log($"jobs-fleet: {large:N0} GPUs sustain {second.Rate:N0}/s, {small:N0} GPUs {first.Rate:N0}/s: {ratio:0.00}");
        context.Report.Add(new ResultRow(scenario, $"jobs/s sustained, {small:N0} simulated GPUs (p99 ≤ 100 ms)", first.Rate, "/s"));
        context.Report.Add(new ResultRow(
            scenario, $"jobs/s sustained, {large:N0} simulated GPUs on {second.Rigs:N0} rigs (p99 ≤ 100 ms)", second.Rate, "/s",
            $"{small:N0} GPUs /s", first.Rate, "≥ 0.8 ×", ratio >= 0.8 ? TargetStatus.Met : TargetStatus.Missed));
        context.Report.Add(new ResultRow(
            scenario, $"job p99 at {first.Fixed.Runs[0].TargetRate:N0}/s, {large:N0} GPUs (median of 3, range {second.Fixed.Describe(r => r.P99Ms, "0.00")})",
            second.Fixed.Median(r => r.P99Ms), "ms", $"{small:N0} GPUs p99 (range {first.Fixed.Describe(r => r.P99Ms, "0.00")})", first.Fixed.Median(r => r.P99Ms)));
        context.Report.Add(new ResultRow(
            scenario, $"CPU per job at {first.Fixed.Runs[0].TargetRate:N0}/s, {large:N0} GPUs (whole process; median of 3)",
            second.Fixed.Median(r => r.CpuMicrosPerOperation), "µs", $"{small:N0} GPUs", first.Fixed.Median(r => r.CpuMicrosPerOperation)));
        context.Report.Add(new ResultRow(
            scenario, $"idle CPU of the whole process, {large:N0} GPUs (fleet upkeep: heartbeats, attestation, liveness)", second.IdleCpuShare * 100, "% of one core",
            $"{small:N0} GPUs", first.IdleCpuShare * 100));
        context.Report.Add(new ResultRow(scenario, $"time to register {large:N0} simulated GPUs ({second.Rigs:N0} rigs)", second.Startup.TotalSeconds, "s"));
        foreach (var run in first.Fixed.Runs.Concat(second.Fixed.Runs))
        {
            if (run.Errors + run.Lost > 0)
            {
                context.Report.Errors.Add($"jobs-fleet: {run.Errors} failed and {run.Lost} lost at {run.TargetRate:N0}/s, first: {run.FirstError}");
            }
        }
    }

    /// <summary>One fleet size: start, wait for every rig, idle CPU, the sustained rate, then three runs at the fixed rate (its own 70 % if none given).</summary>
    private static async Task<FleetSizeMeasurement> MeasureAsync(
        ScenarioContext context, int gpus, double? fixedRate, TimeSpan trial, TimeSpan warmup, TimeSpan window, bool full)
    {
        var startup = Stopwatch.StartNew();
        await using var system = await DevelopmentSystem.StartAsync(gpus);
        startup.Stop();
        context.Log($"jobs-fleet: {gpus:N0} simulated GPUs on {system.Rigs:N0} rigs registered in {startup.Elapsed.TotalSeconds:0} s");

        // Let the start-up's attestations and first heartbeat rounds pass, then read what the fleet costs at rest.
        await Task.Delay(full ? TimeSpan.FromSeconds(20) : TimeSpan.FromSeconds(1));
        var idleWindow = full ? TimeSpan.FromSeconds(15) : TimeSpan.FromSeconds(1);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.Delay(idleWindow);
        var idle = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore) / idleWindow;
        context.Log($"jobs-fleet: {gpus:N0} GPUs at rest use {idle * 100:0} % of one core");

        Func<long, Task> job = system.SubmitJob;
        var (rate, _) = await RateSearch.FindSustainableAsync(
            full ? 25 : 10, 20_000, p99CapMs: 100, r => OpenLoopGenerator.RunAsync(new OpenLoopOptions(r, trial) { Warmup = warmup }, job),
            bisections: full ? 4 : 1, log: r => context.Log($"jobs-fleet: {gpus:N0} GPUs, job trial {r}"));
        context.Log($"jobs-fleet: {gpus:N0} GPUs sustain {rate:N0} jobs/s");
        var at = fixedRate ?? Math.Max(10, rate * 0.7);
        var runs = await RunSpread.RepeatAsync(3, _ => OpenLoopGenerator.RunAsync(new OpenLoopOptions(at, window) { Warmup = warmup }, job));
        context.Log($"jobs-fleet: {gpus:N0} GPUs at {at:N0}/s: p50 {runs.Describe(r => r.P50Ms, "0.00")} ms, p99 {runs.Describe(r => r.P99Ms, "0.00")} ms");
        return new FleetSizeMeasurement(rate, runs, system.Rigs, startup.Elapsed, idle);
    }
}
