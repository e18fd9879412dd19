using Aitbc.Orleans.Benchmarks.Harness;
using Aitbc.Orleans.Benchmarks.Reporting;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>
/// (5) Bytes of managed heap per registered GPU, against the bare-objects baseline (target ≤ 1 KB per GPU), and the
/// growth of the process's resident memory per GPU from the empty silo (target ≤ 2 KB per GPU).
/// </summary>
public static class MemoryRows
{
    public const double TargetBytesPerGpu = 1024;

    public const double TargetResidentBytesPerGpu = 2048;

    /// <param name="siloProcess">The readings are the silo process's own (the memory scenario), not this whole process's.</param>
    /// <param name="settled">The silo's resident memory after it has been idle that long, without a collection forced by the meter: the
    /// target is judged on it (when given) rather than on the reading right after registration.</param>
    public static void Add(ScenarioContext context, HeapReading before, HeapReading after, int gpus, double bare, bool siloProcess = false,
        (HeapReading Reading, TimeSpan Idle)? settled = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var perGpu = (after.TotalMemoryBytes - before.TotalMemoryBytes) / (double)gpus;
        var heapPerGpu = (after.HeapSizeBytes - before.HeapSizeBytes) / (double)gpus;
        var residentPerGpu = (after.ResidentBytes - before.ResidentBytes) / (double)gpus;
        context.Log($"memory: {perGpu:0} B/GPU live ({heapPerGpu:0} B/GPU GC heap, {residentPerGpu:0} B/GPU resident) at {gpus:N0} GPUs; bare objects {bare:0} B/GPU");
        context.Log($"memory: where resident memory goes, per GPU: GC heap {heapPerGpu:0} B (of it fragmented {(after.FragmentedBytes - before.FragmentedBytes) / (double)gpus:0} B), " +
            $"committed by the GC {(after.CommittedBytes - before.CommittedBytes) / (double)gpus:0} B, outside the GC's commit {(after.ResidentBytes - after.CommittedBytes - (before.ResidentBytes - before.CommittedBytes)) / (double)gpus:0} B");
        var scenario = "5 memory";

        // Only the silo's own process is judged: the routing scenario's reading also holds its client, its load generator
        // and their garbage, so a target beside it read as "missed" for memory the silo does not have.
        string? Target(string text) => siloProcess ? text : null;
        TargetStatus Judge(double value, double target) =>
            siloProcess && context.Sizes.IsFull ? (value <= target ? TargetStatus.Met : TargetStatus.Missed) : TargetStatus.None;
        context.Report.Add(new ResultRow(scenario, $"live heap per GPU @{gpus:N0}", perGpu, "B", "bare registration+summary objects", bare, Target("≤ 1,024 B @100k"), Judge(perGpu, TargetBytesPerGpu)));
        context.Report.Add(new ResultRow(scenario, $"GC heap size per GPU @{gpus:N0}", heapPerGpu, "B", "bare registration+summary objects", bare));
        if (settled is { } s)
        {
            var settledPerGpu = (s.Reading.ResidentBytes - before.ResidentBytes) / (double)gpus;
            context.Log($"memory: after {s.Idle.TotalSeconds:0} s idle: {settledPerGpu:0} B/GPU resident, committed by the GC {(s.Reading.CommittedBytes - before.CommittedBytes) / (double)gpus:0} B/GPU; " +
                $"the last full blocking collection (the idle trim's, when it ran) paused {s.Reading.LastFullBlockingPauseMs:0.0} ms");
            context.Report.Add(new ResultRow(scenario, $"resident memory growth per GPU @{gpus:N0}, right after registration", residentPerGpu, "B", "bare registration+summary objects", bare));
            context.Report.Add(new ResultRow(scenario, $"resident memory growth per GPU @{gpus:N0}, after {s.Idle.TotalSeconds:0} s idle", settledPerGpu, "B", "bare registration+summary objects", bare, Target("≤ 2,048 B @100k"), Judge(settledPerGpu, TargetResidentBytesPerGpu)));
        }
        else
        {
            context.Report.Add(new ResultRow(scenario, $"resident memory growth per GPU @{gpus:N0}", residentPerGpu, "B", "bare registration+summary objects", bare, Target("≤ 2,048 B @100k"), Judge(residentPerGpu, TargetResidentBytesPerGpu)));
        }
        context.Report.Note(
            $"Memory @{gpus:N0} GPUs: GC.GetTotalMemory(true) after full compacting collections, before vs after registration, divided by the GPU count. " +
            (siloProcess
                ? "The silo runs in a process of its own and measures itself (a probe grain calls the meter inside the silo); "
                : "It is the whole process (silo and client share it), so no target is judged on it (the memory scenario's silo measures itself); ") +
            "it includes each GPU's row and state in its miner's shard grain, the in-memory storage's serialised copy of every grain state, " +
            "the miner grains' registrations, and the region index entries (summaries). Resident memory is that process's RSS " +
            "(Environment.WorkingSet) at the same two readings, from the empty started silo to the registered fleet; the GC keeps " +
            "some of the memory that registration's garbage needed, so it is above the live heap. " +
            (settled is null ? "" : "The settled reading is the same process's RSS after it has sat idle (no requests, no collection forced by the meter); " +
                "the silo's idle trim (Aitbc:MemoryTrim, on by default) returns the GC's empty committed memory once no collection has run for 30 s. ") +
            $"This process: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC" +
            (siloProcess ? " (the silo process: the Silo's configured server GC unless DOTNET_gcServer=0 was set)" : "") +
            $"; GC settings from the environment: {GcEnvironment()}.");
    }

    /// <summary>The DOTNET_GC* variables the silo process inherits (what a GC-settings A/B changes), or "none".</summary>
    private static string GcEnvironment()
    {
        var set = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("DOTNET_GC", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(k => $"{k}={Environment.GetEnvironmentVariable(k)}")
            .ToArray();
        return set.Length == 0 ? "none" : string.Join(", ", set);
    }
}
