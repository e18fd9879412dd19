using System.Globalization;
using System.Text;

namespace Aitbc.Orleans.Miner.Inference;

/// <summary>
/// Benchmark results for one model and the CPU-or-GPU choice per batch size. A batch size that was not measured
/// uses the nearest measured one on a log scale (batch 100 is closer to 64 than to 512). When several variants of the
/// model were measured (fp32, fp16, ...), each device's fastest variant at that size is the one compared.
/// </summary>
public sealed class PlacementTable
{
    public PlacementTable(string gpuProvider, string? gpuUnavailableReason, IReadOnlyList<PlacementMeasurement> measurements)
    {
        if (measurements.Count == 0)
        {
            throw new ArgumentException("At least one measurement is needed.", nameof(measurements));
        }

        GpuProvider = gpuProvider;
        GpuUnavailableReason = gpuUnavailableReason;
        Measurements = measurements.OrderBy(m => m.BatchSize).ToArray();
        Variants = Measurements.Select(m => m.Variant).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The model variants measured, e.g. ["fp32", "fp16"]; one ("default") for a model without variants.</summary>
    public IReadOnlyList<string> Variants { get; }

    /// <summary>The accelerator that was benchmarked (e.g. CUDA), or the one requested when it was unavailable.</summary>
    public string GpuProvider { get; }

    public string? GpuUnavailableReason { get; }

    public IReadOnlyList<PlacementMeasurement> Measurements { get; }

    public PlacementDecision Choose(int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var measured = Nearest(batchSize);
        var basis = measured == batchSize ? $"batch {batchSize}" : $"batch {batchSize} (nearest measured: {measured})";
        var atSize = Measurements.Where(m => m.BatchSize == measured).ToList();
        var cpuBest = atSize.MinBy(m => m.CpuMedian)!;
        var gpuBest = atSize.Where(m => m.GpuMedian is not null).MinBy(m => m.GpuMedian!.Value);
        var cpu = cpuBest.CpuMedian;
        if (gpuBest?.GpuMedian is not { } gpu)
        {
            var why = GpuUnavailableReason is null ? "no GPU measurement" : $"{GpuProvider} unavailable: {GpuUnavailableReason}";
            return new PlacementDecision(batchSize, measured, ExecutionProviderSelector.Cpu, false,
                $"{basis}: {Label(ExecutionProviderSelector.Cpu, cpuBest.Variant)}, because {why}.", cpuBest.Variant);
        }

        var useGpu = gpu < cpu;
        var device = useGpu ? GpuProvider : ExecutionProviderSelector.Cpu;
        var variant = useGpu ? gpuBest.Variant : cpuBest.Variant;
        var speedup = Ratio(useGpu ? cpu : gpu, useGpu ? gpu : cpu);
        var reason = $"{basis}: {Label(device, variant)}, {Label(GpuProvider, gpuBest.Variant)} {Ms(gpu)} vs {Label(ExecutionProviderSelector.Cpu, cpuBest.Variant)} {Ms(cpu)} median, " +
                     $"{Label(device, variant)} {speedup} faster" +
                     (useGpu ? "." : " (at this size launch and transfer overhead outweigh the GPU's throughput).");
        return new PlacementDecision(batchSize, measured, device, useGpu, reason, variant);
    }

    /// <summary>A fixed-width table plus one line per decision, for the miner CLI.</summary>
    public string Format()
    {
        var gpuHeader = $"{GpuProvider} (GPU)";
        var several = Variants.Count > 1;
        var text = new StringBuilder();
        text.AppendLine("Placement benchmark: median inference time per batch");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"batch",7} | {(several ? $"{"variant",8} | " : "")}{"CPU",12} | {gpuHeader,14} | choice");
        text.AppendLine(new string('-', 7) + "-+-" + (several ? new string('-', 8) + "-+-" : "") + new string('-', 12) + "-+-" + new string('-', 14) + "-+-------");
        foreach (var measurement in Measurements)
        {
            var decision = Choose(measurement.BatchSize);
            var gpu = measurement.GpuMedian is { } g ? Ms(g) : "n/a";
            var chosen = several ? (decision.Variant == measurement.Variant ? Label(decision.Device, decision.Variant) : "") : decision.Device;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{measurement.BatchSize,7} | {(several ? $"{measurement.Variant,8} | " : "")}{Ms(measurement.CpuMedian),12} | {gpu,14} | {chosen}");
        }

        if (GpuUnavailableReason is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{GpuProvider} not used: {GpuUnavailableReason}");
        }

        foreach (var size in Measurements.Select(m => m.BatchSize).Distinct())
        {
            text.AppendLine("  " + Choose(size).Reason);
        }

        return text.ToString();
    }

    /// <summary>"CUDA", or "CUDA fp16" when several variants were measured.</summary>
    private string Label(string device, string variant) => Variants.Count > 1 ? $"{device} {variant}" : device;

    private int Nearest(int batchSize)
    {
        var target = Math.Log(batchSize);
        var best = Measurements[0].BatchSize;
        var bestDistance = double.MaxValue;
        foreach (var measurement in Measurements)
        {
            var distance = Math.Abs(Math.Log(measurement.BatchSize) - target);
            // "<=" over ascending sizes: on a tie the larger batch wins, the cautious guess for throughput.
            if (distance <= bestDistance)
            {
                best = measurement.BatchSize;
                bestDistance = distance;
            }
        }

        return best;
    }

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("F3", CultureInfo.InvariantCulture) + " ms";

    private static string Ratio(TimeSpan slower, TimeSpan faster) =>
        faster <= TimeSpan.Zero ? "much" : (slower / faster).ToString("F1", CultureInfo.InvariantCulture) + "x";
}
