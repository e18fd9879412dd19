using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Miner.Inference;

/// <summary>
/// Configuration of one engine, i.e. one device. The daemon reads the shared settings from its configuration's
/// "Engine" section (e.g. Engine:MaxOutputBytes, Engine:Cuda:CudaGraphs) and sets device and concurrency per device.
/// </summary>
public sealed class InferenceEngineOptions
{
    /// <summary>CUDA, ROCm, MIGraphX, OpenVINO, CoreML, DirectML, TensorRT or CPU; unavailable providers fall back to CPU.</summary>
    public string DeviceHint { get; set; } = ExecutionProviderSelector.Cpu;

    public int DeviceId { get; set; }

    /// <summary>Runs allowed on this device at once; further jobs queue (and their wait is reported).</summary>
    public int MaxConcurrency { get; set; } = 1;

    /// <summary>
    /// ONNX Runtime sessions per model, so that concurrent runs on a GPU use separate streams and the copies of one
    /// overlap the compute of the other. 0 picks: one per concurrent run (at most 2) on a GPU, one on the CPU, where
    /// a session serves concurrent runs and a second copy of the weights would only cost memory.
    /// </summary>
    public int SessionsPerModel { get; set; }

    /// <summary>ONNX Runtime intra-op threads per session; 0 lets ONNX Runtime decide.</summary>
    public int IntraOpThreads { get; set; }

    public long MaxElementsPerTensor { get; set; } = TensorData.DefaultMaxElements;

    /// <summary>All outputs of one run together may not exceed this many bytes; a model that produces more fails the job.</summary>
    public long MaxOutputBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// Estimated memory of the loaded sessions (weights per session plus pooled tensor buffers); beyond it the least
    /// recently used idle sessions are closed. A session in use is never closed, so one model larger than the budget
    /// still runs.
    /// </summary>
    public long SessionMemoryBudgetBytes { get; set; } = 8L * 1024 * 1024 * 1024;

    /// <summary>Input shapes per model whose bound buffers are kept for reuse; the least recently used beyond it are freed.</summary>
    public int MaxShapesPerModel { get; set; } = 8;

    public CudaProviderSettings Cuda { get; set; } = new();

    /// <summary>These settings for one device: its provider hint, device id and runs at once.</summary>
    public InferenceEngineOptions ForDevice(string deviceHint, int deviceId, int maxConcurrency) => new()
    {
        DeviceHint = deviceHint,
        DeviceId = deviceId,
        MaxConcurrency = Math.Max(1, maxConcurrency),
        SessionsPerModel = SessionsPerModel,
        IntraOpThreads = IntraOpThreads,
        MaxElementsPerTensor = MaxElementsPerTensor,
        MaxOutputBytes = MaxOutputBytes,
        SessionMemoryBudgetBytes = SessionMemoryBudgetBytes,
        MaxShapesPerModel = MaxShapesPerModel,
        Cuda = Cuda,
    };
}
