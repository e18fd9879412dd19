using Aitbc.Orleans.Models.Variants;

namespace Aitbc.Orleans.Onnx.Quantization;

/// <summary>
/// A variant as the cluster stores it: the ONNX bytes (null when none could be produced) and its report. Only a
/// variant whose report passed may be deployed.
/// </summary>
public sealed record ModelVariant(byte[]? Content, ModelVariantReport Report)
{
    public bool Deployable => Content is not null && Report.Passed;
}
