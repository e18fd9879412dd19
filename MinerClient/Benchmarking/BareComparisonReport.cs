using System.Globalization;
using System.Text;
using Aitbc.Orleans.Miner.Inference;

namespace Aitbc.Orleans.Miner.Benchmarking;

/// <summary>The comparison's figures and their Markdown rendering (pasted into docs/BENCHMARKS.md as measured).</summary>
public sealed class BareComparisonReport(ExecutionProviderSelection selection, BareComparisonOptions options)
{
    /// <summary>Issue #18's bar: the engine at ≥ 90 % of bare throughput, from batch 64 on the CPU and 256 on a GPU.</summary>
    public const double TargetRatio = 0.9;

    public ExecutionProviderSelection Selection { get; } = selection;

    public List<ComparisonRow> Rows { get; } = [];

    public List<ConcurrencyRow> Concurrency { get; } = [];

    public CeilingResult? Ceiling { get; set; }

    public int TargetFromBatch => Selection.IsCpu ? 64 : 256;

    public string Format()
    {
        var culture = CultureInfo.InvariantCulture;
        var gpu = !Selection.IsCpu;
        var text = new StringBuilder();
        var threads = options.IntraOpThreads > 0 ? options.IntraOpThreads.ToString(culture) : "ONNX Runtime's default";
        var cudaSettings = gpu ? $"; TF32 {(options.Cuda.UseTf32 ? "on" : "off")}, CUDA graphs {(options.Cuda.CudaGraphs ? "on" : "off")}" : "";
        text.AppendLine(culture, $"Provider: {Selection}; precision {options.Precision}; intra-op threads {threads}{cudaSettings}");
        text.AppendLine("Medians of interleaved runs, each timing a whole run with its input written afresh. bare = ONNX Runtime RunWithBinding on buffers bound once" +
            (gpu ? " (pinned host I/O)" : "") + ", the input copied into the bound buffer; lease = the engine's path for a job decoded into its buffers: " +
            "take a lease, copy the input into its pooled buffer, run, read the output in place, give the lease back; job = engine.RunAsync: tensors validated, " +
            "copied in, run on a pool thread, copied out into a result. Ratio = bare time / engine time (throughput fraction).");
        text.AppendLine();
        text.Append("| model | batch | runs | bare ms | lease ms | lease/bare | job ms | job/bare |");
        text.AppendLine(gpu ? " bare device-I/O ms | bare device TFLOP/s |" + (Ceiling is null ? "" : " % of ceiling |") : "");
        text.Append("|---|---:|---:|---:|---:|---:|---:|---:|");
        text.AppendLine(gpu ? "---:|---:|" + (Ceiling is null ? "" : "---:|") : "");
        foreach (var row in Rows)
        {
            text.Append(culture, $"| {row.Model} {row.Precision} | {row.Batch} | {row.Iterations} | {Ms(row.BareMs)} | {Ms(row.LeaseMs)} | {Ratio(row.LeaseRatio, row.Batch)} | {Ms(row.JobMs)} | {Ratio(row.JobRatio, row.Batch)} |");
            if (gpu)
            {
                var device = row.BareDeviceMs is { } d ? Ms(d) : "n/a";
                var tflops = row.BareDeviceMs is { } t ? Tflops(row.TflopsOf(t)) : "n/a";
                text.Append(culture, $" {device} | {tflops} |");
                if (Ceiling is not null)
                {
                    var share = row.BareDeviceMs is { } s ? (row.TflopsOf(s) / Ceiling.Tflops * 100).ToString("F0", culture) + " %" : "n/a";
                    text.Append(culture, $" {share} |");
                }
            }

            text.AppendLine();
        }

        if (Concurrency.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Throughput with runs in flight at once (rows/s; bare: one session, one binding per thread; engine: leases):");
            text.AppendLine();
            text.AppendLine("| model | batch | in flight | bare rows/s | engine rows/s | engine/bare | engine vs 1 in flight |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var row in Concurrency)
            {
                var single = Concurrency.FirstOrDefault(c => c.Model == row.Model && c.Batch == row.Batch && c.Concurrency == 1);
                var scaling = single is null ? "n/a" : (row.EngineRowsPerSecond / single.EngineRowsPerSecond).ToString("F2", culture) + "x";
                text.AppendLine(culture, $"| {row.Model} | {row.Batch} | {row.Concurrency} | {row.BareRowsPerSecond:N0} | {row.EngineRowsPerSecond:N0} | {row.Ratio:F2} | {scaling} |");
            }
        }

        if (Ceiling is not null)
        {
            text.AppendLine();
            var io = gpu ? "device-resident I/O" : "host I/O";
            text.AppendLine(culture, $"Matmul ceiling: [{Ceiling.Size},{Ceiling.Size}]·[{Ceiling.Size},{Ceiling.Size}] {Ceiling.Precision}, bare, {io}: {Ms(Ceiling.Milliseconds)} ms = {Tflops(Ceiling.Tflops)} TFLOP/s.");
        }

        var targeted = Rows.Where(r => r.Batch >= TargetFromBatch).ToList();
        if (targeted.Count > 0)
        {
            var missed = targeted.Where(r => r.LeaseRatio < TargetRatio || r.JobRatio < TargetRatio)
                .Select(r => $"{r.Model} batch {r.Batch} (lease {r.LeaseRatio:F2}, job {r.JobRatio:F2})").ToList();
            text.AppendLine();
            var verdict = missed.Count == 0 ? $"met in all {targeted.Count} rows (lease and job)." : $"missed in {string.Join("; ", missed)}.";
            text.AppendLine(culture, $"Target: engine ≥ {TargetRatio:P0} of bare throughput at batch ≥ {TargetFromBatch} on {Selection.Provider}: {verdict}");
        }

        return text.ToString();
    }

    private string Ratio(double ratio, int batch) =>
        ratio.ToString("F2", CultureInfo.InvariantCulture) + (batch >= TargetFromBatch && ratio < TargetRatio ? " (below)" : "");

    private static string Tflops(double tflops) => tflops.ToString(tflops < 10 ? "F3" : "F1", CultureInfo.InvariantCulture);

    private static string Ms(double milliseconds) => milliseconds.ToString(milliseconds < 1 ? "F4" : "F2", CultureInfo.InvariantCulture);
}
