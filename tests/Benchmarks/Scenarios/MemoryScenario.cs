using Aitbc.Orleans.Benchmarks.Grains;
using Aitbc.Orleans.Benchmarks.Harness;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>
/// (5) Memory per registered GPU on its own (the full suite takes it from the routing scenario's 100k fleet instead):
/// the silo runs in a process of its own and measures itself, so neither the client nor the harness is in the figure.
/// </summary>
public sealed class MemoryScenario : IScenario
{
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(45);

    public string Name => "memory";

    public string Description => "(5) heap and resident bytes per registered GPU at 100k GPUs, silo in its own process (standalone; --full gets the heap from 'routing')";

    public async Task RunAsync(ScenarioContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = context.Sizes;
        var bare = BareIndexBaseline.BytesPerGpu(Math.Min(s.MemoryFleet, 100_000));
        await using var silo = await SiloProcess.StartAsync(context.Options.Verbose);
        var probe = silo.Client.GetGrain<IHeapProbeGrain>(0);
        var before = await probe.Measure();
        using var fleet = new SimulatedFleet(silo.Client, "r", s.GpusPerMiner, seed: 1);
        var registration = await fleet.GrowAsync(s.MemoryFleet, s.RegistrationConcurrency, m => context.Log($"  {m}"));
        context.Log($"memory: registered {registration.GpusAdded:N0} GPUs in {registration.Elapsed.TotalSeconds:0.0} s");
        var after = await probe.Measure();

        // Resident memory right after registration holds what its garbage needed; the figure that stays is the one
        // after the silo has been idle a while (the silo's idle trim, when on, runs once it has seen no collection for 30 s).
        await Task.Delay(SettleTime);
        var settled = await probe.Peek();
        MemoryRows.Add(context, before, after, fleet.GpuCount, bare, siloProcess: true, settled: (settled, SettleTime));
        await HoldForHeapDump(context, silo.ProcessId);
    }

    /// <summary>
    /// With AITBC_MEMORY_HOLD_SECONDS set, the registered silo stays up that long after the readings, so that its heap can
    /// be taken apart by type (<c>dotnet-gcdump collect -p PID</c>, then <c>dotnet-gcdump report</c>).
    /// </summary>
    private static async Task HoldForHeapDump(ScenarioContext context, int siloProcessId)
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("AITBC_MEMORY_HOLD_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
        {
            return;
        }

        context.Log($"memory: the silo (process {siloProcessId}) is held for {seconds} s for a heap dump");
        await Task.Delay(TimeSpan.FromSeconds(seconds));
    }
}
