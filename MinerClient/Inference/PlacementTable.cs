using System.Globalization;
using System.Text;

namespace Aitbc.Orleans.Miner.Inference;

/// <summary>
/// Benchmark results for one model and the CPU-or-GPU choice per batch size. A batch size that was not measured
/// uses the nearest measured one on a log scale (batch 100 is closer to 64 than to 512).
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
    }

    /// <summary>The accelerator that was benchmarked (e.g. CUDA), or the one requested when it was unavailable.</summary>
    public string GpuProvider { get; }

    public string? GpuUnavailableReason { get; }

    public IReadOnlyList<PlacementMeasurement> Measurements { get; }

    public PlacementDecision Choose(int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var nearest = Nearest(batchSize);
        var basis = nearest.BatchSize == batchSize
            ? $"batch {batchSize}"
            : $"batch {batchSize} (nearest measured: {nearest.BatchSize})";
        var cpu = nearest.CpuMedian;
        if (nearest.GpuMedian is not { } gpu)
        {
            var why = GpuUnavailableReason is null ? "no GPU measurement" : $"{GpuProvider} unavailable: {GpuUnavailableReason}";
            return new PlacementDecision(batchSize, nearest.BatchSize, ExecutionProviderSelector.Cpu, false, $"{basis}: CPU, because {why}.");
        }

        var useGpu = gpu < cpu;
        var device = useGpu ? GpuProvider : ExecutionProviderSelector.Cpu;
        var speedup = Ratio(useGpu ? cpu : gpu, useGpu ? gpu : cpu);
        var reason = $"{basis}: {device}, {GpuProvider} {Ms(gpu)} vs CPU {Ms(cpu)} median, {device} {speedup} faster" +
                     (useGpu ? "." : " (at this size launch and transfer overhead outweigh the GPU's throughput).");
        return new PlacementDecision(batchSize, nearest.BatchSize, device, useGpu, reason);
    }

    /// <summary>A fixed-width table plus one line per decision, for the miner CLI.</summary>
    public string Format()
    {
        var gpuHeader = $"{GpuProvider} (GPU)";
        var text = new StringBuilder();
        text.AppendLine("Placement benchmark: median inference time per batch");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"batch",7} | {"CPU",12} | {gpuHeader,14} | choice");
        text.AppendLine(new string('-', 7) + "-+-" + new string('-', 12) + "-+-" + new string('-', 14) + "-+-------");
        foreach (var measurement in Measurements)
        {
            var decision = Choose(measurement.BatchSize);
            var gpu = measurement.GpuMedian is { } g ? Ms(g) : "n/a";
            text.AppendLine(CultureInfo.InvariantCulture, $"{measurement.BatchSize,7} | {Ms(measurement.CpuMedian),12} | {gpu,14} | {decision.Device}");
        }

        if (GpuUnavailableReason is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{GpuProvider} not used: {GpuUnavailableReason}");
        }

        foreach (var measurement in Measurements)
        {
            text.AppendLine("  " + Choose(measurement.BatchSize).Reason);
        }

        return text.ToString();
    }

    private PlacementMeasurement Nearest(int batchSize)
    {
        var target = Math.Log(batchSize);
        var best = Measurements[0];
        var bestDistance = double.MaxValue;
        foreach (var measurement in Measurements)
        {
            var distance = Math.Abs(Math.Log(measurement.BatchSize) - target);
            // "<=" over ascending sizes: on a tie the larger batch wins, the cautious guess for throughput.
            if (distance <= bestDistance)
            {
                best = measurement;
                bestDistance = distance;
            }
        }

        return best;
    }

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("F3", CultureInfo.InvariantCulture) + " ms";

    private static string Ratio(TimeSpan slower, TimeSpan faster) =>
        faster <= TimeSpan.Zero ? "much" : (slower / faster).ToString("F1", CultureInfo.InvariantCulture) + "x";
}
