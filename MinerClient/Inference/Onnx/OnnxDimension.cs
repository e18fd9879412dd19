namespace Aitbc.Orleans.Miner.Inference.Onnx;

/// <summary>A graph input/output dimension: a fixed size, or a named symbol such as "batch" for a dynamic size.</summary>
public readonly record struct OnnxDimension(long? Value, string? Symbol)
{
    public static implicit operator OnnxDimension(long value) => new(value, null);

    public static implicit operator OnnxDimension(string symbol) => new(null, symbol);

    public static OnnxDimension FromInt64(long value) => new(value, null);

    public static OnnxDimension FromString(string symbol) => new(null, symbol);

    public override string ToString() => Value?.ToString() ?? Symbol ?? "?";
}
