using Aitbc.Orleans.Benchmarks.Harness;
using Aitbc.Orleans.Benchmarks.Reporting;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>(1) Local ceiling: raw grain-call rate and latency on each call path. Grain to grain is the baseline of the three.</summary>
public sealed class PingScenario : IScenario
{
    public string Name => "ping";

    public string Description => "(1) raw IPingGrain call rate: grain-to-grain, in-silo IGrainFactory, client over the gateway";

    public async Task RunAsync(ScenarioContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = context.Sizes;
        await using var cluster = await context.StartClusterAsync();
        var g2g = await PingMeasurements.GrainToGrainAsync(cluster, s.Concurrency, s.Warmup, s.Duration);
        context.Log($"ping grain-to-grain: {g2g}");
        var silo = await PingMeasurements.FromSiloFactoryAsync(cluster, s.Concurrency, s.Warmup, s.Duration);
        context.Log($"ping in-silo factory: {silo}");
        var client = await PingMeasurements.FromClientAsync(cluster, s.Concurrency, s.Warmup, s.Duration);
        context.Log($"ping client: {client}");
        context.CheckErrors("ping grain-to-grain", g2g);
        context.CheckErrors("ping in-silo", silo);
        context.CheckErrors("ping client", client);

        const string scenario = "1 ping";
        var c = $"{s.Concurrency} outstanding";
        context.Report.Add(new ResultRow(scenario, $"grain→grain calls/s ({c})", g2g.PerSecond, "/s"));
        context.Report.Add(new ResultRow(scenario, "grain→grain p50", g2g.P50Ms, "ms"));
        context.Report.Add(new ResultRow(scenario, "grain→grain p99", g2g.P99Ms, "ms"));
        foreach (var (path, result) in new[] { ("in-silo IGrainFactory", silo), ("client via gateway", client) })
        {
            context.Report.Add(new ResultRow(scenario, $"{path} calls/s ({c})", result.PerSecond, "/s", "grain→grain /s", g2g.PerSecond));
            context.Report.Add(new ResultRow(scenario, $"{path} p50", result.P50Ms, "ms", "grain→grain p50", g2g.P50Ms));
            context.Report.Add(new ResultRow(scenario, $"{path} p99", result.P99Ms, "ms", "grain→grain p99", g2g.P99Ms));
        }

        context.Report.Add(new ResultRow(scenario, "client CPU per call", client.CpuMicrosPerOperation, "µs", "grain→grain CPU/call", g2g.CpuMicrosPerOperation));
    }
}
