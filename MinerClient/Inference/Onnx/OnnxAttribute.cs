namespace Aitbc.Orleans.Miner.Inference.Onnx;

/// <summary>A node attribute such as Conv's strides or Gemm's transB.</summary>
public sealed record OnnxAttribute(string Name, OnnxAttributeKind Kind)
{
    public float FloatValue { get; init; }

    public long IntValue { get; init; }

    public string StringValue { get; init; } = "";

    public IReadOnlyList<float> FloatValues { get; init; } = [];

    public IReadOnlyList<long> IntValues { get; init; } = [];

    public static OnnxAttribute Float(string name, float value) => new(name, OnnxAttributeKind.Float) { FloatValue = value };

    public static OnnxAttribute Int(string name, long value) => new(name, OnnxAttributeKind.Int) { IntValue = value };

    public static OnnxAttribute String(string name, string value) => new(name, OnnxAttributeKind.String) { StringValue = value };

    public static OnnxAttribute Floats(string name, params float[] values) => new(name, OnnxAttributeKind.Floats) { FloatValues = values };

    public static OnnxAttribute Ints(string name, params long[] values) => new(name, OnnxAttributeKind.Ints) { IntValues = values };
}
