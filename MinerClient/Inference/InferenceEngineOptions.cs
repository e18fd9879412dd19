using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Miner.Inference;

/// <summary>Configuration of one engine, i.e. one device.</summary>
public sealed class InferenceEngineOptions
{
    /// <summary>CUDA, ROCm, MIGraphX, OpenVINO, CoreML, DirectML, TensorRT or CPU; unavailable providers fall back to CPU.</summary>
    public string DeviceHint { get; set; } = ExecutionProviderSelector.Cpu;

    public int DeviceId { get; set; }

    /// <summary>Runs allowed on this device at once; further jobs queue (and their wait is reported).</summary>
    public int MaxConcurrency { get; set; } = 1;

    /// <summary>ONNX Runtime intra-op threads per session; 0 lets ONNX Runtime decide.</summary>
    public int IntraOpThreads { get; set; }

    public long MaxElementsPerTensor { get; set; } = TensorData.DefaultMaxElements;
}
