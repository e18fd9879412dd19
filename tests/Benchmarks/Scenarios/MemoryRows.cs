using Aitbc.Orleans.Benchmarks.Harness;
using Aitbc.Orleans.Benchmarks.Reporting;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>(5) Bytes of managed heap per registered GPU, against the bare-objects baseline; target ≤ 4 KB per GPU.</summary>
public static class MemoryRows
{
    public const double TargetBytesPerGpu = 4096;

    public static void Add(ScenarioContext context, HeapReading before, HeapReading after, int gpus, double bare)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var perGpu = (after.TotalMemoryBytes - before.TotalMemoryBytes) / (double)gpus;
        var heapPerGpu = (after.HeapSizeBytes - before.HeapSizeBytes) / (double)gpus;
        context.Log($"memory: {perGpu:0} B/GPU live ({heapPerGpu:0} B/GPU GC heap) at {gpus:N0} GPUs; bare objects {bare:0} B/GPU");
        var scenario = "5 memory";
        var status = context.Sizes.IsFull ? (perGpu <= TargetBytesPerGpu ? TargetStatus.Met : TargetStatus.Missed) : TargetStatus.None;
        context.Report.Add(new ResultRow(scenario, $"live heap per GPU @{gpus:N0}", perGpu, "B", "bare registration+summary objects", bare, "≤ 4,096 B @100k", status));
        context.Report.Add(new ResultRow(scenario, $"GC heap size per GPU @{gpus:N0}", heapPerGpu, "B", "bare registration+summary objects", bare));
        context.Report.Note(
            $"Memory @{gpus:N0} GPUs: GC.GetTotalMemory(true) after full compacting collections, before vs after registration, divided by the GPU count. " +
            "It is the whole process (silo and client share it) and includes each GPU's grain activation and state, the in-memory storage's " +
            "serialised copy of every grain state, the miner grains' registrations, and the region index entries (summaries).");
    }
}
