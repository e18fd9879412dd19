using System.Collections.Concurrent;
using Aitbc.Orleans.Miner.Inference;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Miner.Daemon;

/// <summary>
/// Chooses CPU or GPU per model and batch size from the miner's own measurement: small models at small batches run
/// faster on the CPU than through a GPU launch. A model's table is measured once, on first use, on devices whose
/// GPU provider really loaded; CPU-only devices always run on the CPU and measure nothing.
/// </summary>
public sealed class PlacementAdvisor(InferenceEngine cpu, PlacementBenchmark benchmark, ILogger<PlacementAdvisor> logger)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<PlacementTable>>> _tables = new(StringComparer.Ordinal);

    public InferenceEngine Cpu => cpu;

    public async Task<InferenceEngine> EngineFor(MinerDevice device, InferenceModel model, int batch, CancellationToken cancellationToken)
    {
        var gpu = device.Engine;
        if (gpu is null || gpu.Selection.IsCpu)
        {
            return gpu ?? cpu;
        }

        var table = await _tables.GetOrAdd(
            $"{device.GpuId}/{model.Sha256}",
            _ => new Lazy<Task<PlacementTable>>(() => benchmark.RunAsync(
                model, cpu, gpu, new PlacementBenchmarkOptions { WarmupIterations = 2, Iterations = 7 }, cancellationToken))).Value;
        var decision = table.Choose(batch);
        logger.LogInformation("Placement for {Model} batch {Batch}: {Decision}", model, batch, decision.Reason);
        return decision.UseGpu ? gpu : cpu;
    }
}
