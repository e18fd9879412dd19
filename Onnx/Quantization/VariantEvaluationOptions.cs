using Microsoft.ML.OnnxRuntime;

namespace Aitbc.Orleans.Onnx.Quantization;

/// <summary>How a variant is measured against the original: generated inputs, run on ONNX Runtime's CPU provider.</summary>
public sealed record VariantEvaluationOptions
{
    /// <summary>Rows of the batch dimension generated and run through both models.</summary>
    public int Samples { get; init; } = 1000;

    /// <summary>Rows per Run when the batch dimension is dynamic (a model with a fixed batch runs that many per Run).</summary>
    public int BatchSize { get; init; } = 250;

    /// <summary>Seed of the input generator: the same model measures the same way every time.</summary>
    public int Seed { get; init; } = 1_234_567;

    /// <summary>Size given to dynamic dimensions other than the first (sequence lengths, image sides left open).</summary>
    public int OtherDynamicDimension { get; init; } = 1;

    public int IntraOpThreads { get; init; } = 1;

    /// <summary>
    /// Adds to both sessions' options, e.g. an execution provider to measure on a GPU (with
    /// "session.disable_cpu_ep_fallback" set, a node the GPU cannot run makes the variant fail to load).
    /// </summary>
    public Action<SessionOptions>? ConfigureSession { get; init; }
}
