using System.Globalization;

namespace Aitbc.Orleans.Miner.Inference;

/// <summary>
/// CUDA execution provider settings, passed through <c>OrtCUDAProviderOptions</c> (the legacy integer overload sets
/// none of them). Defaults suit inference of fp32 and fp16 models on consumer and data-centre GPUs alike.
/// </summary>
public sealed class CudaProviderSettings
{
    /// <summary>TF32 tensor cores for fp32 MatMul and Conv (Ampere and later): ~10 bits of mantissa, several times the fp32 rate.</summary>
    public bool UseTf32 { get; set; } = true;

    /// <summary>
    /// Capture each fixed input shape as a CUDA graph and replay it: saves the per-kernel launch cost, which matters for
    /// many small kernels and not at all for a few large ones. Off by default; `MinerClient benchmark --compare-bare
    /// --cuda-graphs` measures whether it wins on a given GPU and model.
    /// </summary>
    public bool CudaGraphs { get; set; }

    /// <summary>Device memory ONNX Runtime's arena may hold, in bytes; 0 lets it grow to what the device has.</summary>
    public long ArenaLimitBytes { get; set; }

    /// <summary>
    /// Models at least this large grow the arena by exactly what is requested instead of the next power of two, so a
    /// model that nearly fills the device does not fail on rounding; smaller models keep the faster doubling.
    /// </summary>
    public long ExactArenaFromModelBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>A copy with CUDA graphs on or off, the rest unchanged.</summary>
    public CudaProviderSettings WithCudaGraphs(bool cudaGraphs) => new()
    {
        UseTf32 = UseTf32,
        CudaGraphs = cudaGraphs,
        ArenaLimitBytes = ArenaLimitBytes,
        ExactArenaFromModelBytes = ExactArenaFromModelBytes,
    };

    /// <summary>The provider options for one device and one model of <paramref name="modelBytes"/> bytes.</summary>
    public Dictionary<string, string> ToProviderOptions(int deviceId, long modelBytes)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["device_id"] = deviceId.ToString(CultureInfo.InvariantCulture),
            ["use_tf32"] = UseTf32 ? "1" : "0",
            ["enable_cuda_graph"] = CudaGraphs ? "1" : "0",
            ["arena_extend_strategy"] = modelBytes >= ExactArenaFromModelBytes ? "kSameAsRequested" : "kNextPowerOfTwo",
            ["cudnn_conv_algo_search"] = "EXHAUSTIVE",
            ["do_copy_in_default_stream"] = "1",
        };
        if (ArenaLimitBytes > 0)
        {
            options["gpu_mem_limit"] = ArenaLimitBytes.ToString(CultureInfo.InvariantCulture);
        }

        return options;
    }
}
