using Aitbc.Orleans.Tensors;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Miner.Inference;

/// <summary>
/// Measures a model at several batch sizes on the CPU engine and on the GPU engine (when its provider really is a
/// GPU), and builds the <see cref="PlacementTable"/> that decides per batch size where jobs run.
/// </summary>
public sealed class PlacementBenchmark(ILogger<PlacementBenchmark> logger)
{
    public async Task<PlacementTable> RunAsync(
        InferenceModel model,
        InferenceEngine cpu,
        InferenceEngine? gpu,
        PlacementBenchmarkOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new PlacementBenchmarkOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Iterations, 1);
        if (!cpu.Selection.IsCpu)
        {
            throw new ArgumentException($"The CPU engine runs on {cpu.Provider}.", nameof(cpu));
        }

        // A GPU engine that fell back to CPU would only benchmark the CPU twice; report why instead.
        var gpuUsable = gpu is not null && !gpu.Selection.IsCpu;
        var gpuName = gpu?.Selection.Requested ?? ExecutionProviderSelector.Cuda;
        var gpuUnavailable = gpuUsable ? null : gpu?.Selection.FallbackReason ?? "no GPU engine configured";

        var signature = await cpu.GetSignatureAsync(model, cancellationToken);
        var random = new Random(options.Seed);
        var measurements = new List<PlacementMeasurement>();
        foreach (var batch in options.BatchSizes.Distinct().Order())
        {
            var inputs = SyntheticInputs.For(signature, batch, random);
            var cpuMedian = await MedianAsync(cpu, model, inputs, options, cancellationToken);
            TimeSpan? gpuMedian = gpuUsable ? await MedianAsync(gpu!, model, inputs, options, cancellationToken) : null;
            logger.LogInformation("Placement benchmark {Model} batch {Batch}: CPU {Cpu} ms, GPU {Gpu} ms",
                model, batch, cpuMedian.TotalMilliseconds, gpuMedian?.TotalMilliseconds);
            measurements.Add(new PlacementMeasurement(batch, cpuMedian, gpuMedian));
        }

        var table = new PlacementTable(gpuName, gpuUnavailable, measurements);
        foreach (var measurement in table.Measurements)
        {
            logger.LogInformation("Placement: {Decision}", table.Choose(measurement.BatchSize).Reason);
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
