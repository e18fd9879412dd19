namespace Aitbc.Orleans.Benchmarks.Harness.OpenLoop;

/// <summary>
/// The two open-loop figures a rate target needs, for one operation: the highest rate it sustains
/// (<see cref="RateSearch"/>, trials of a fixed length), then three runs at 80 % of that rate for the latency
/// (<see cref="RunSpread"/>: median with min–max). When no rate tried was sustained there is nothing to take 80 % of:
/// <see cref="At80"/> is null and <see cref="LowestTried"/> says how low the search went.
/// </summary>
public sealed record SustainedLoad(double SustainedRate, double P99CapMs, RunSpread? At80, IReadOnlyList<OpenLoopResult> Trials)
{
    public static async Task<SustainedLoad> MeasureAsync(
        Func<long, Task> operation, SustainedLoadPlan plan, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(plan);
        var (sustained, trials) = await RateSearch.FindSustainableAsync(
            plan.StartRate, plan.CeilingRate, plan.P99CapMs,
            rate => OpenLoopGenerator.RunAsync(new OpenLoopOptions(rate, plan.Trial) { Warmup = plan.Warmup }, operation),
            plan.Bisections, r => log?.Invoke($"trial {r}"));
        if (sustained <= 0)
        {
            log?.Invoke($"not sustained at any rate tried, down to {trials.Min(t => t.TargetRate):N0}/s");
            return new SustainedLoad(0, plan.P99CapMs, null, trials);
        }

        var rate80 = sustained * 0.8;
        var at80 = await RunSpread.RepeatAsync(3, _ => OpenLoopGenerator.RunAsync(
            new OpenLoopOptions(rate80, plan.Run) { Warmup = plan.Warmup }, operation));
        log?.Invoke($"sustained {sustained:N0}/s; at 80 % ({rate80:N0}/s): p50 {at80.Describe(r => r.P50Ms, "0.000")} ms, p99 {at80.Describe(r => r.P99Ms, "0.000")} ms, CPU {at80.Describe(r => r.CpuMicrosPerOperation, "0.0")} us/op");
        return new SustainedLoad(sustained, plan.P99CapMs, at80, trials);
    }

    public double LowestTried => Trials.Count == 0 ? double.NaN : Trials.Min(t => t.TargetRate);
}
