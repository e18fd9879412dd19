using Aitbc.Orleans.Benchmarks.Grains;
using Aitbc.Orleans.Benchmarks.Harness;
using Aitbc.Orleans.Benchmarks.Micro;
using Aitbc.Orleans.Benchmarks.Reporting;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Regions;
using Aitbc.Orleans.Routing.Snapshot;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>
/// (5b) What the parts of "one activation per GPU" cost, as inputs for the GPU-state design: managed heap per idle
/// activation of an empty grain, per activation of a grain with a small persisted state written once (persistence
/// plumbing and the in-memory storage's copy included), and per GPU of a silo's routing snapshot, each against the 1 KB
/// per GPU heap target. Resident memory is left out: in one process with forced compacting collections between
/// readings the GC gives memory back to the OS unevenly (a run read a negative delta), so it needs a silo process of
/// its own.
/// </summary>
public sealed class ActivationCostScenario : IScenario
{
    public string Name => "activation";

    public string Description => "(5b) heap per idle activation (empty grain; small persisted state) and per GPU of the routing snapshot";

    public async Task RunAsync(ScenarioContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var count = context.Sizes.IsFull ? 100_000 : 2_000;
        var summaries = SummaryFactory.Create(count, 31);
        await using var cluster = await context.StartClusterAsync();
        await Measure(context, "empty grain activation", count, () => Touch(count, i => cluster.Client.GetGrain<IIdleGrain>($"idle-{i}").Touch()));
        await Measure(context, "activation with a small persisted state", count, () => Touch(count, i => cluster.Client.GetGrain<IStoredIdleGrain>($"stored-{i}").Touch()));

        FleetSnapshot? snapshot = null;
        await Measure(context, "routing snapshot entry (this silo's copy)", count, () =>
        {
            snapshot = new FleetSnapshot();
            foreach (var region in summaries.GroupBy(g => RegionCatalog.Default.RegionOf(g.Location).Id))
            {
                snapshot.Apply(new RegionChanges(region.Key, 1, 0, 1, true, region.ToArray(), [], 0));
            }

            return Task.CompletedTask;
        });
        GC.KeepAlive(snapshot);
        GC.KeepAlive(summaries);
        context.Report.Note(
            $"Activation cost: {count:N0} of each, GC.GetTotalMemory after full compacting collections, before vs after, divided by the count. " +
            "The snapshot entry excludes the summaries themselves (they exist before it is built: on the region's silo they are the region's own objects).");
    }

    private static async Task Measure(ScenarioContext context, string what, int count, Func<Task> create)
    {
        var heapBefore = HeapMeter.Measure().TotalMemoryBytes;
        await create();
        var heap = (HeapMeter.Measure().TotalMemoryBytes - heapBefore) / (double)count;
        context.Log($"activation: {what}: {heap:0} B heap each");
        context.Report.Add(new ResultRow("5b activation cost", $"heap per {what}", heap, "B", "target heap per GPU", 1024));
    }

    private static Task Touch(int count, Func<int, Task> touch) =>
        Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) => await touch(i));
}
