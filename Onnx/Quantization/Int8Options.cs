namespace Aitbc.Orleans.Onnx.Quantization;

/// <summary>Choices for the int8 variant.</summary>
public sealed record Int8Options
{
    public Int8MatMulMode MatMulMode { get; init; } = Int8MatMulMode.DynamicActivations;

    /// <summary>
    /// When the dynamic form misses its tolerance, measure the weight-only form (weight error only) and keep it if it
    /// passes. Random and thin-margin classifiers sit near the 98% top-1 line with dynamic activations.
    /// </summary>
    public bool FallBackToWeightOnly { get; init; } = true;

    /// <summary>Quantize Conv weights too (always weight-only: ONNX Runtime's CUDA provider has no ConvInteger kernel).</summary>
    public bool QuantizeConv { get; init; } = true;
}
