namespace Aitbc.Orleans.Onnx.Quantization;

/// <summary>The model has nothing this precision can convert (no float32 weights, an operator set too old, ...): no variant.</summary>
public sealed class QuantizationNotApplicableException : Exception
{
    public QuantizationNotApplicableException(string message)
        : base(message)
    {
    }

    public QuantizationNotApplicableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
