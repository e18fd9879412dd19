namespace Aitbc.Orleans.Onnx.Quantization;

/// <summary>How variants are made and measured.</summary>
public sealed record ModelVariantOptions
{
    public Int8Options Int8 { get; init; } = new();

    public VariantEvaluationOptions Evaluation { get; init; } = new();
}
