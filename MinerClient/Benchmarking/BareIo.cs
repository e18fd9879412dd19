namespace Aitbc.Orleans.Miner.Benchmarking;

/// <summary>Where bare ONNX Runtime's bound inputs and outputs live.</summary>
public enum BareIo
{
    /// <summary>Host memory (CUDA pinned on a GPU): every run copies inputs in and outputs out, as a job's must.</summary>
    Host,

    /// <summary>Device memory: no copies at all, the compute alone (for the matmul ceiling and fp16 figures).</summary>
    Device,
}
