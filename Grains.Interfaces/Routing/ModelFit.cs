using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Profiles;

namespace Aitbc.Orleans.Routing;

/// <summary>
/// Which variant of a model a GPU runs: the most precise one that exists, passed its tolerance, runs well on the GPU
/// and fits its memory (the classifier's rule, <see cref="GpuClassifier.RecommendPrecision"/>, on the variants' real
/// sizes instead of a parameter count). A variant needs its bytes plus 20% for activations, plus 512 MB for the
/// runtime. fp16 counts only where the GPU has a useful fp16 rate (at least half its fp32 rate), int8 only where it
/// reports int8 throughput (a GPU with no known rates: every precision). Routing's filter and the job's choice of variant both call <see cref="Choose(ModelSizes, double, PrecisionSupport, Precision?)"/>,
/// so a GPU is offered only for a variant it will be sent.
/// </summary>
public static class ModelFit
{
    private const double ActivationOverhead = 1.2;
    private const double RuntimeBytes = 512d * 1024 * 1024;
    private const double BytesPerGb = 1024d * 1024 * 1024;
    private static readonly Precision[] MostPreciseFirst = [Precision.Fp32, Precision.Fp16, Precision.Int8];

    /// <summary>GPU memory a variant of this many bytes needs.</summary>
    public static double RequiredGb(long variantBytes) => (variantBytes * ActivationOverhead + RuntimeBytes) / BytesPerGb;

    /// <summary>
    /// The largest variant (bytes) the GPU's memory holds: RequiredGb(m) ≤ VRAM solved for m. Negative when not even the
    /// runtime fits. One number per GPU, so an index can keep the largest of a subtree and skip it whole for a model
    /// whose smallest variant fits none of its GPUs.
    /// </summary>
    public static double CapacityBytes(double vramGb) => (vramGb * BytesPerGb - RuntimeBytes) / ActivationOverhead;

    /// <summary>A GPU of an unknown model (no rates at all) is assumed to run every precision, as the classifier assumes.</summary>
    public static PrecisionSupport Supported(double fp32Tflops, double fp16Tflops, double int8Tops) =>
        fp32Tflops <= 0 && fp16Tflops <= 0 && int8Tops <= 0
            ? PrecisionSupport.Fp32 | PrecisionSupport.Fp16 | PrecisionSupport.Int8
            : PrecisionSupport.Fp32
        | (fp16Tflops > 0 && fp16Tflops >= fp32Tflops / 2 ? PrecisionSupport.Fp16 : PrecisionSupport.None)
        | (int8Tops > 0 ? PrecisionSupport.Int8 : PrecisionSupport.None);

    public static PrecisionSupport Supported(GpuRoutingSummary gpu)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        return Supported(gpu.Fp32Tflops, gpu.Fp16Tflops, gpu.Int8Tops);
    }

    /// <summary>The variant to run, or null when no deployable variant fits (a pinned precision: that one or none).</summary>
    public static Precision? Choose(ModelSizes sizes, double capacityBytes, PrecisionSupport supported, Precision? pinned = null)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        foreach (var precision in MostPreciseFirst)
        {
            if ((pinned is null || pinned == precision) && (supported & Bit(precision)) != 0 && sizes.Of(precision) is { } bytes && bytes <= capacityBytes)
            {
                return precision;
            }
        }

        return null;
    }

    public static Precision? Choose(ModelSizes sizes, GpuRoutingSummary gpu, Precision? pinned = null)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        return Choose(sizes, CapacityBytes(gpu.VramGb), Supported(gpu), pinned);
    }

    public static PrecisionSupport Bit(Precision precision) => precision switch
    {
        Precision.Fp32 => PrecisionSupport.Fp32,
        Precision.Fp16 => PrecisionSupport.Fp16,
        _ => PrecisionSupport.Int8,
    };
}
