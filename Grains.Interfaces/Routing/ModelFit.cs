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

    public static double RequiredGb(long modelBytes, int bytesDivisor) =>
        (modelBytes / (double)bytesDivisor * ActivationOverhead + RuntimeBytes) / (1024d * 1024 * 1024);

    public static bool Fits(long modelBytes, double vramGb, double fp32Tflops, double fp16Tflops, double int8Tops)
    {
        if (RequiredGb(modelBytes, 1) <= vramGb)
        {
            return true;
        }

        if (fp16Tflops >= fp32Tflops / 2 && fp16Tflops > 0 && RequiredGb(modelBytes, 2) <= vramGb)
        {
            return true;
        }

        return int8Tops > 0 && RequiredGb(modelBytes, 4) <= vramGb;
    }
}
