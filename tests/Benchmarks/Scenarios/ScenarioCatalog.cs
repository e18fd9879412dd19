using Aitbc.Orleans.Benchmarks.Micro;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>Every scenario by name, and the suite --smoke and --full run (memory comes from 'routing' there).</summary>
public static class ScenarioCatalog
{
    public static IReadOnlyList<IScenario> All { get; } =
    [
        new PingScenario(),
        new GeneratorScenario(),
        new RoutingScenario(),
        new MemoryScenario(),
        new ActivationCostScenario(),
        new HeartbeatScenario(),
        new GeoQualityScenario(),
        new EndToEndScenario(),
        new DevelopmentJobsScenario(),
        new JobsLoadScenario(),
        new FleetSizeJobsScenario(),
        new ProductionJobsScenario(),
        new InferenceOverheadScenario(),
        new TelemetryPollingScenario(),
        new FheScenario(),
        new QuantizationScenario(cuda: false),
        new QuantizationScenario(cuda: true),
        new MicroScenario(),
    ];

    /// <summary>
    /// Every scenario but quant-cuda (it needs a GPU), prod-jobs (separate processes on the Release build and a
    /// database server of its own: run by name), jobs-load (a fixed load for profiling: run by name) and jobs-fleet (100,000 simulated GPUs register for minutes: run by name). Routing first: it takes the memory figure, and a heap reading
    /// taken while an earlier scenario's disposed silo is still being collected would be off by that silo's size (one
    /// run read 2.7 KB/GPU after 'ping', 4.3-4.4 KB on its own).
    /// </summary>
    public static IReadOnlyList<IScenario> Suite { get; } =
        [.. All.Where(s => s.Name == "routing"), .. All.Where(s => s.Name is not "routing" and not "memory" and not "quant-cuda" and not "prod-jobs" and not "jobs-load" and not "jobs-fleet")];

    public static IScenario? Find(string name) => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
