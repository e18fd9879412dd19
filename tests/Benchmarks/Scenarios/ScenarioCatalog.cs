using Aitbc.Orleans.Benchmarks.Micro;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>Every scenario by name, and the suite --smoke and --full run (memory comes from 'routing' there).</summary>
public static class ScenarioCatalog
{
    public static IReadOnlyList<IScenario> All { get; } =
    [
        new PingScenario(),
        new RoutingScenario(),
        new MemoryScenario(),
        new HeartbeatScenario(),
        new GeoQualityScenario(),
        new EndToEndScenario(),
        new InferenceOverheadScenario(),
        new MicroScenario(),
    ];

    public static IReadOnlyList<IScenario> Suite { get; } = [.. All.Where(s => s.Name != "memory")];

    public static IScenario? Find(string name) => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
