using System.Globalization;
using System.Text;
using Aitbc.Orleans.Benchmarks.Harness;
using Aitbc.Orleans.Benchmarks.Reporting;
using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Models.Variants;
using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Onnx.Quantization;
using Microsoft.ML.OnnxRuntime;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>
/// (9) Quantized variants. For the MLP and the conv net of the quantizer's acceptance tests (and, at full size, a
/// 3×1024 MLP), the fp16 and int8 variants the cluster makes at upload (<see cref="ModelVariantBuilder"/>, 1,000
/// generated inputs), plus the int8 weight-only form for comparison: error against fp32, weight bytes against fp32,
/// and bare ONNX Runtime speed against fp32 measured in the same rounds. Three rounds, each timing every variant in
/// turn; the figure is the median round, the spread is in the detail table. On the CPU provider by default; with
/// <c>cuda</c> (scenario quant-cuda, needs a GPU and ONNX Runtime's CUDA libraries) every variant is loaded with CPU
/// fallback disabled, so one that loads runs every node on the GPU, and its error and speed are measured there.
/// </summary>
public sealed class QuantizationScenario(bool cuda) : IScenario
{
    private readonly string _scenario = cuda ? "9 quantization (CUDA)" : "9 quantization";

    public string Name => cuda ? "quant-cuda" : "quant";

    public string Description => cuda
        ? "(9) the same on the CUDA provider with CPU fallback disabled (needs a GPU; not in the suite)"
        : "(9) fp16/int8 variants vs fp32: relative L2, top-1, weight bytes, CPU latency and throughput";

    public Task RunAsync(ScenarioContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Action<SessionOptions>? device = cuda ? OnCudaOnly : null;
        if (cuda && CudaProblem() is { } problem)
        {
            context.Report.Add(ResultRow.NotAvailable(_scenario, "every variant on the CUDA provider", problem));
            return Task.CompletedTask;
        }

        var full = context.Sizes.IsFull;
        var models = new List<(string Name, byte[] Bytes)>
        {
            ("mlp 64-256-256-10", DemoModels.Mlp(layers: 3, width: 256, inputDim: 64, outputDim: 10, seed: 7, name: "quant-mlp").ModelBytes),
            ("convnet 3x16x16 16-32-64", DemoModels.ConvNet(seed: 9, inChannels: 3, height: 16, width: 16, channels: [16, 32, 64], classes: 10, name: "quant-convnet").ModelBytes),
        };
        if (full || cuda)
        {
            models.Add(("mlp 1024x3-10", DemoModels.Mlp(layers: 4, width: 1024, inputDim: 1024, outputDim: 10, seed: 11, name: "quant-mlp-1024").ModelBytes));
        }

        var detail = new StringBuilder(
            "| Model | Variant | Passed | Relative L2 | Top-1 | Weights | Batch-1 p50, 3 rounds (ms) | Batch-64 rows/s, 3 rounds | Method |\n" +
            "|---|---|---|---:|---:|---:|---|---|---|\n");
        foreach (var (name, bytes) in models)
        {
            var variants = new List<(string Label, ModelVariant Variant)>
            {
                ("fp32", ModelVariantBuilder.Original(bytes)),
                ("fp16", ModelVariantBuilder.Build(bytes, Precision.Fp16)),
                ("int8", ModelVariantBuilder.Build(bytes, Precision.Int8)),
                ("int8 weight-only", ModelVariantBuilder.Build(bytes, Precision.Int8, new ModelVariantOptions { Int8 = new Int8Options { MatMulMode = Int8MatMulMode.WeightOnly } })),
            };
            var reports = variants.Select(v => cuda && v.Variant.Content is { } content && v.Variant.Report.Precision != Precision.Fp32
                ? OnCuda(bytes, content, v.Variant.Report)
                : v.Variant.Report).ToArray();
            var speed = TimeRounds(variants.Select(v => v.Variant.Content!).ToArray(), full || cuda, device);
            context.Log($"{Name}: {name} measured");
            for (var i = 1; i < variants.Count; i++)
            {
                AddRows(context, $"{name}, {variants[i].Label}", reports[i], reports[0], speed[i], speed[0]);
            }

            for (var i = 0; i < variants.Count; i++)
            {
                var r = reports[i];
                detail.Append(CultureInfo.InvariantCulture,
                    $"| {name} | {variants[i].Label} | {(r.Passed ? "yes" : "no")} | {r.RelativeL2:0.00E+0} | {r.Top1Agreement:P1} | {r.WeightBytes:N0} B ({r.WeightRatio:0.000}×) | " +
                    $"{Join(speed[i].Latency, "0.000")} | {Join(speed[i].Throughput, "N0")} | {r.Method} |\n");
            }
        }

        context.Report.AddSection($"{_scenario}: every variant", detail.ToString());
        context.Report.Note(cuda
            ? "Quantization on CUDA: variants made on the CPU as the cluster makes them, then loaded with session.disable_cpu_ep_fallback = 1 and measured on the GPU against fp32 on the GPU."
            : "Quantization speed is bare ONNX Runtime on the CPU provider with one intra-op thread. The CPU provider has no float16 kernels for most operators and casts around them; " +
              "int8 weight-only dequantizes every weight on every Run, and dynamic int8 quantizes activations with several element-wise operators: on a CPU both are slower than fp32, " +
              "and what they buy is memory (the variant exists for GPUs whose memory does not hold the model at fp32 or fp16).");
        return Task.CompletedTask;
    }

    private void AddRows(ScenarioContext context, string metric, ModelVariantReport r, ModelVariantReport fp32, Timings speed, Timings baseline)
    {
        var isFp16 = r.Precision == Precision.Fp16;
        context.Report.Add(new ResultRow(_scenario, $"{metric}: weight bytes", r.WeightBytes, "B", "fp32 weights", fp32.WeightBytes,
            isFp16 ? "≤ 0.55×" : "≤ 0.30×", r.WeightRatio <= (isFp16 ? 0.55 : 0.30) ? TargetStatus.Met : TargetStatus.Missed));
        if (isFp16 || r.Top1Agreement is null)
        {
            context.Report.Add(new ResultRow(_scenario, $"{metric}: relative L2 vs fp32 (1,000 inputs)", r.RelativeL2 * 1e3, "×10⁻³", null, null,
                isFp16 ? "≤ 10 ×10⁻³" : "≤ 50 ×10⁻³", r.Passed ? TargetStatus.Met : TargetStatus.Missed));
        }
        else
        {
            context.Report.Add(new ResultRow(_scenario, $"{metric}: top-1 agreement with fp32 (1,000 inputs)", r.Top1Agreement * 100, "%", null, null,
                "≥ 98 %", r.Passed ? TargetStatus.Met : TargetStatus.Missed));
        }

        var where = cuda ? "CUDA" : "CPU";
        context.Report.Add(new ResultRow(_scenario, $"{metric}: {where} batch-1 Run p50", Median(speed.Latency), "ms", "fp32 p50", Median(baseline.Latency)));
        context.Report.Add(new ResultRow(_scenario, $"{metric}: {where} batch-64 throughput", Median(speed.Throughput), "rows/s", "fp32", Median(baseline.Throughput)));
        if (!r.Passed)
        {
            context.Report.Note($"{metric} did not pass: {r.FailureReason}");
        }
    }

    /// <summary>The variant's errors measured again on the GPU; a node without a CUDA kernel makes it fail to load.</summary>
    private static ModelVariantReport OnCuda(byte[] original, byte[] content, ModelVariantReport cpu)
    {
        var measurement = VariantEvaluator.Measure(original, content, new VariantEvaluationOptions { ConfigureSession = OnCudaOnly });
        var failure = measurement.Problem ?? QuantizationTolerances.Miss(cpu.Tolerance!, measurement.Outputs);
        var floats = measurement.Outputs.Where(o => o.Kind != VariantOutputKind.Labels).ToArray();
        var classifiers = measurement.Outputs.Where(o => o.Kind == VariantOutputKind.Classifier).ToArray();
        return cpu with
        {
            Passed = failure is null,
            FailureReason = failure,
            RelativeL2 = floats.Length > 0 ? floats.Max(o => o.RelativeL2) : null,
            Top1Agreement = classifiers.Length > 0 ? classifiers.Min(o => o.Agreement) : null,
            Outputs = measurement.Outputs,
        };
    }

    private static void OnCudaOnly(SessionOptions options)
    {
        options.AppendExecutionProvider_CUDA(0);
        options.AddSessionConfigEntry("session.disable_cpu_ep_fallback", "1");
    }

    private static string? CudaProblem()
    {
        try
        {
            using var options = new SessionOptions();
            options.AppendExecutionProvider_CUDA(0);
            return null;
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            return $"the CUDA provider does not load here: {ex.Message.Split('\n')[0]}";
        }
    }

    /// <summary>Three rounds; in each, every variant's batch-1 latency and batch-64 throughput in turn (so load drifts hit all alike).</summary>
    private static Timings[] TimeRounds(byte[][] models, bool full, Action<SessionOptions>? device)
    {
        // A variant the device cannot load (reported with its errors) gets no timings.
        var timings = models.Select(m => Load(m, device)).ToArray();
        var results = models.Select(_ => new Timings([], [])).ToArray();
        try
        {
            for (var round = 0; round < 3; round++)
            {
                for (var i = 0; i < timings.Length; i++)
                {
                    results[i].Latency.Add(timings[i]?.BatchOneP50Ms(full ? 400 : 30) ?? double.NaN);
                    results[i].Throughput.Add(timings[i]?.RowsPerSecond(64, full ? 60 : 5) ?? double.NaN);
                }
            }
        }
        finally
        {
            foreach (var timing in timings)
            {
                timing?.Dispose();
            }
        }

        return results;
    }

    private static OrtTiming? Load(byte[] model, Action<SessionOptions>? device)
    {
        try
        {
            return new OrtTiming(model, device);
        }
        catch (OnnxRuntimeException)
        {
            return null;
        }
    }

    private static string Join(List<double> values, string format) =>
        string.Join(" / ", values.Select(v => v.ToString(format, CultureInfo.InvariantCulture)));

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private sealed record Timings(List<double> Latency, List<double> Throughput);
}
