using Aitbc.Orleans.Tensors;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Miner.Inference;

/// <summary>
/// Measures a model (each of its variants: fp32, fp16, ...) at several batch sizes on the CPU engine and on the GPU
/// engine (when its provider really is a GPU), and builds the <see cref="PlacementTable"/> that decides per batch
/// size where jobs run, and in which variant.
/// </summary>
public sealed class PlacementBenchmark(ILogger<PlacementBenchmark> logger)
{
    public Task<PlacementTable> RunAsync(
        InferenceModel model,
        InferenceEngine cpu,
        InferenceEngine? gpu,
        PlacementBenchmarkOptions? options = null,
        CancellationToken cancellationToken = default) =>
        RunAsync([model], cpu, gpu, options, cancellationToken);

    public async Task<PlacementTable> RunAsync(
        IReadOnlyList<InferenceModel> variants,
        InferenceEngine cpu,
        InferenceEngine? gpu,
        PlacementBenchmarkOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new PlacementBenchmarkOptions();
        ArgumentOutOfRangeException.ThrowIfZero(variants.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Iterations, 1);
        if (!cpu.Selection.IsCpu)
        {
            throw new ArgumentException($"The CPU engine runs on {cpu.Provider}.", nameof(cpu));
        }

        // A GPU engine that fell back to CPU would only benchmark the CPU twice; report why instead.
        var gpuUsable = gpu is not null && !gpu.Selection.IsCpu;
        var gpuName = gpu?.Selection.Requested ?? ExecutionProviderSelector.Cuda;
        var gpuUnavailable = gpuUsable ? null : gpu?.Selection.FallbackReason ?? "no GPU engine configured";

        var measurements = new List<PlacementMeasurement>();
        foreach (var model in variants)
        {
            var signature = await cpu.GetSignatureAsync(model, cancellationToken);
            var random = new Random(options.Seed);
            foreach (var batch in options.BatchSizes.Distinct().Order())
            {
                var inputs = SyntheticInputs.For(signature, batch, random);
                var cpuMedian = await MedianAsync(cpu, model, inputs, options, cancellationToken);
                TimeSpan? gpuMedian = gpuUsable ? await MedianAsync(gpu!, model, inputs, options, cancellationToken) : null;
                logger.LogInformation("Placement benchmark {Model} batch {Batch}: CPU {Cpu} ms, GPU {Gpu} ms",
                    model, batch, cpuMedian.TotalMilliseconds, gpuMedian?.TotalMilliseconds);
                measurements.Add(new PlacementMeasurement(batch, cpuMedian, gpuMedian, model.Variant));
            }
        }

        var table = new PlacementTable(gpuName, gpuUnavailable, measurements);
        foreach (var size in table.Measurements.Select(m => m.BatchSize).Distinct())
        {
            logger.LogInformation("Placement: {Decision}", table.Choose(size).Reason);
        }

        return table;
    }

    private static async Task<TimeSpan> MedianAsync(
        InferenceEngine engine,
        InferenceModel model,
        IReadOnlyDictionary<string, TensorData> inputs,
        PlacementBenchmarkOptions options,
        CancellationToken cancellationToken)
    {
        for (var i = 0; i < options.WarmupIterations; i++)
        {
            await engine.RunAsync(model, inputs, cancellationToken);
        }

        var samples = new TimeSpan[options.Iterations];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (await engine.RunAsync(model, inputs, cancellationToken)).Timings.Inference;
        }

        Array.Sort(samples);
        return samples.Length % 2 == 1
            ? samples[samples.Length / 2]
            : (samples[(samples.Length / 2) - 1] + samples[samples.Length / 2]) / 2;
    }
}
