using Aitbc.Orleans.Miner.Inference;

namespace Aitbc.Orleans.Miner.Benchmarking;

/// <summary>What `MinerClient benchmark --compare-bare` measures, and for how long.</summary>
public sealed class BareComparisonOptions
{
    public IReadOnlyList<string> Models { get; set; } = BenchmarkModels.CompareDefaults;

    public IReadOnlyList<int> Batches { get; set; } = [1, 64, 256, 1024];

    /// <summary>fp32, or fp16 (the same weights in half precision).</summary>
    public string Precision { get; set; } = InferenceModel.Fp32;

    /// <summary>Runs in flight at once for the throughput measurement (at batches from <see cref="ConcurrencyFromBatch"/>).</summary>
    public IReadOnlyList<int> Concurrency { get; set; } = [1, 2];

    public int ConcurrencyFromBatch { get; set; } = 256;

    /// <summary>The provider to compare on (CUDA falls back to the CPU, and says so, where it does not load).</summary>
    public string Device { get; set; } = ExecutionProviderSelector.Cpu;

    public int DeviceId { get; set; }

    /// <summary>ONNX Runtime intra-op threads for both bare and engine; 0 lets ONNX Runtime decide.</summary>
    public int IntraOpThreads { get; set; }

    public CudaProviderSettings Cuda { get; set; } = new();

    /// <summary>Timed runs per path and batch at most; fewer when one run is slow (see <see cref="SecondsPerBatch"/>).</summary>
    public int MaxIterations { get; set; } = 30;

    public int MinIterations { get; set; } = 3;

    /// <summary>Rough time budget for the interleaved runs of one model and batch.</summary>
    public double SecondsPerBatch { get; set; } = 8;

    /// <summary>Also measure one large MatMul with device-resident I/O: the matmul ceiling the MLP figures are set against.</summary>
    public bool Ceiling { get; set; }

    /// <summary>The ceiling MatMul is [size, size]·[size, size]; 0 picks 8192 on a GPU and 1024 on the CPU.</summary>
    public int CeilingSize { get; set; }

    public int Seed { get; set; } = 7;
}
