using Aitbc.Orleans.Models.Variants;

namespace Aitbc.Orleans.Onnx.Quantization;

/// <summary>Per-output errors of a variant, or why it could not be measured (it does not load, its signature changed).</summary>
public sealed record VariantMeasurement(IReadOnlyList<VariantOutputError> Outputs, int Samples, string? Problem)
{
    public static VariantMeasurement Failed(string problem) => new([], 0, problem);
}
