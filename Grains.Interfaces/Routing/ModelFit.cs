namespace Aitbc.Orleans.Routing;

/// <summary>
/// Whether a model fits a GPU's memory at the most precise precision the GPU runs well. Weights shrink 2x at fp16 and
/// 4x at int8 (auto-quantisation); on top come 20% for activations and 512 MB for the runtime. fp16 counts only where
/// the GPU has a useful fp16 rate (at least half its fp32 rate), int8 only where it reports int8 throughput.
/// </summary>
public static class ModelFit
{
    private const double ActivationOverhead = 1.2;
    private const double RuntimeBytes = 512d * 1024 * 1024;
    private const double BytesPerGb = 1024d * 1024 * 1024;

    public static double RequiredGb(long modelBytes, int bytesDivisor) =>
        (modelBytes / (double)bytesDivisor * ActivationOverhead + RuntimeBytes) / BytesPerGb;

    public static bool Fits(long modelBytes, double vramGb, double fp32Tflops, double fp16Tflops, double int8Tops) =>
        modelBytes <= LargestModelBytes(vramGb, fp32Tflops, fp16Tflops, int8Tops);

    /// <summary>
    /// The largest model (bytes of fp32 weights) the GPU holds: RequiredGb(m, d) ≤ VRAM solved for m at the best
    /// divisor the GPU runs well. Negative when not even the runtime fits. One number per GPU, so an index can keep
    /// the largest of a subtree and skip it whole for a model that fits none of its GPUs.
    /// </summary>
    public static double LargestModelBytes(double vramGb, double fp32Tflops, double fp16Tflops, double int8Tops)
    {
        var divisor = int8Tops > 0 ? 4 : fp16Tflops > 0 && fp16Tflops >= fp32Tflops / 2 ? 2 : 1;
        return (vramGb * BytesPerGb - RuntimeBytes) / ActivationOverhead * divisor;
    }
}
