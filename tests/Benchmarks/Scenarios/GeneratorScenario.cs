using Aitbc.Orleans.Benchmarks.Harness.OpenLoop;
using Aitbc.Orleans.Benchmarks.Reporting;
using Aitbc.Orleans.Operations;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>
/// (0) The open-loop harness itself: its floor (a no-op operation, so the latency is only the issuer's lateness and the
/// completion bookkeeping) and the sustained rate of an empty client grain call, the baseline the open-loop scenarios
/// compare against. Each figure is three runs: median (min–max).
/// </summary>
public sealed class GeneratorScenario : IScenario
{
    public string Name => "generator";

    public string Description => "(0) open-loop harness floor (no-op) and the sustained rate of an empty client grain call";

    public async Task RunAsync(ScenarioContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = context.Sizes;
        var rate = s.IsFull ? 20_000 : 5_000;
        var window = s.IsFull ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(1);
        var floor = await RunSpread.RepeatAsync(3, _ => OpenLoopGenerator.RunAsync(new OpenLoopOptions(rate, window), _ => Task.CompletedTask));
        context.Log($"generator: no-op at {rate:N0}/s: p50 {floor.Describe(r => r.P50Ms, "0.000")} ms, p99 {floor.Describe(r => r.P99Ms, "0.000")} ms, CPU {floor.Describe(r => r.CpuMicrosPerOperation, "0.0")} us/op");

        await using var cluster = await context.StartClusterAsync();
        var ping = cluster.Client.GetGrain<IPingGrain>(0);
        await ping.Ping(0);
        var trial = s.IsFull ? TimeSpan.FromSeconds(3) : TimeSpan.FromMilliseconds(600);
        var (sustained, _) = await RateSearch.FindSustainableAsync(
            s.IsFull ? 10_000 : 2_000, 400_000, p99CapMs: 20, r => OpenLoopGenerator.RunAsync(
                new OpenLoopOptions(r, trial) { Warmup = TimeSpan.FromMilliseconds(200) }, i => ping.Ping((int)i)),
            bisections: s.IsFull ? 4 : 1, log: r => context.Log($"generator: ping trial {r}"));
        var at80 = await RunSpread.RepeatAsync(3, _ => OpenLoopGenerator.RunAsync(
            new OpenLoopOptions(sustained * 0.8, window) { Warmup = TimeSpan.FromMilliseconds(300) }, i => ping.Ping((int)i)));
        context.Log($"generator: client ping sustained {sustained:N0}/s; at 80 %: p50 {at80.Describe(r => r.P50Ms, "0.000")} ms, p99 {at80.Describe(r => r.P99Ms, "0.000")} ms");
        if (at80.Errors > 0)
        {
            context.Report.Errors.Add($"generator: {at80.Errors} ping calls failed or were lost, first: {at80.FirstError}");
        }

        const string scenario = "0 generator";
        context.Report.Add(new ResultRow(scenario, $"no-op p50 at {rate:N0}/s (median of 3)", floor.Median(r => r.P50Ms), "ms"));
        context.Report.Add(new ResultRow(scenario, $"no-op p99 at {rate:N0}/s (median of 3; range {floor.Describe(r => r.P99Ms, "0.000")})", floor.Median(r => r.P99Ms), "ms"));
        context.Report.Add(new ResultRow(scenario, "client ping sustained rate (p99 ≤ 20 ms, ≥ 97 % of target)", sustained, "/s"));
        context.Report.Add(new ResultRow(
            scenario, $"client ping p99 at 80 % of sustained (median of 3; range {at80.Describe(r => r.P99Ms, "0.000")})", at80.Median(r => r.P99Ms), "ms",
            "no-op p99", floor.Median(r => r.P99Ms)));
    }
}
