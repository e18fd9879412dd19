using Aitbc.Orleans.Benchmarks.Harness;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>(5) Memory per registered GPU on its own (the full suite takes it from the routing scenario's 100k fleet instead).</summary>
public sealed class MemoryScenario : IScenario
{
    public string Name => "memory";

    public string Description => "(5) bytes of heap per registered GPU at 100k GPUs (standalone; --full gets it from 'routing')";

    public async Task RunAsync(ScenarioContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = context.Sizes;
        var bare = BareIndexBaseline.BytesPerGpu(Math.Min(s.MemoryFleet, 100_000));
        await using var cluster = await context.StartClusterAsync();
        var before = HeapMeter.Measure();
        using var fleet = new SimulatedFleet(cluster.Client, "r", s.GpusPerMiner, seed: 1);
        var registration = await fleet.GrowAsync(s.MemoryFleet, s.RegistrationConcurrency, m => context.Log($"  {m}"));
        context.Log($"memory: registered {registration.GpusAdded:N0} GPUs in {registration.Elapsed.TotalSeconds:0.0} s");
        MemoryRows.Add(context, before, HeapMeter.Measure(), fleet.GpuCount, bare);
    }
}
