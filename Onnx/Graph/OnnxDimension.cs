namespace Aitbc.Orleans.Onnx.Graph;

/// <summary>
/// A TensorShapeProto dimension: a fixed size, a named symbol such as "batch" for a dynamic size, or neither (unknown).
/// </summary>
public readonly record struct OnnxDimension(long? Value, string? Symbol)
{
    /// <summary>TensorShapeProto.Dimension.denotation, e.g. "DATA_BATCH"; rarely set.</summary>
    public string? Denotation { get; init; }

    public static implicit operator OnnxDimension(long value) => new(value, null);

    public static implicit operator OnnxDimension(string symbol) => new(null, symbol);

    public static OnnxDimension FromInt64(long value) => new(value, null);

    public static OnnxDimension FromString(string symbol) => new(null, symbol);

    public override string ToString() => Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Symbol ?? "?";
}
