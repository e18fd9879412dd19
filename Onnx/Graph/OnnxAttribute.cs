namespace Aitbc.Orleans.Onnx.Graph;

/// <summary>
/// A node attribute such as Conv's strides or Gemm's transB (AttributeProto). <see cref="Kind"/> says which value
/// property holds the value; the others keep their defaults. An attribute with <see cref="RefAttrName"/> (inside a
/// function body) refers to its caller's attribute and carries no value.
/// </summary>
public sealed record OnnxAttribute(string Name, OnnxAttributeKind Kind)
{
    public float FloatValue { get; init; }

    public long IntValue { get; init; }

    public string StringValue { get; init; } = "";

    public OnnxTensor? TensorValue { get; init; }

    public OnnxGraph? GraphValue { get; init; }

    public OnnxSparseTensor? SparseTensorValue { get; init; }

    public OnnxType? TypeValue { get; init; }

    public IReadOnlyList<float> FloatValues { get; init; } = [];

    public IReadOnlyList<long> IntValues { get; init; } = [];

    public IReadOnlyList<string> StringValues { get; init; } = [];

    public IReadOnlyList<OnnxTensor> TensorValues { get; init; } = [];

    public IReadOnlyList<OnnxGraph> GraphValues { get; init; } = [];

    public IReadOnlyList<OnnxSparseTensor> SparseTensorValues { get; init; } = [];

    public IReadOnlyList<OnnxType> TypeValues { get; init; } = [];

    public string? DocString { get; init; }

    public string? RefAttrName { get; init; }

    public IReadOnlyList<ReadOnlyMemory<byte>> UnknownFields { get; init; } = [];

    /// <summary>The subgraphs this attribute holds (If/Loop/Scan bodies), if any.</summary>
    public IEnumerable<OnnxGraph> Subgraphs => GraphValue is null ? GraphValues : GraphValues.Prepend(GraphValue);

    public static OnnxAttribute Float(string name, float value) => new(name, OnnxAttributeKind.Float) { FloatValue = value };

    public static OnnxAttribute Int(string name, long value) => new(name, OnnxAttributeKind.Int) { IntValue = value };

    public static OnnxAttribute String(string name, string value) => new(name, OnnxAttributeKind.String) { StringValue = value };

    public static OnnxAttribute Floats(string name, params float[] values) => new(name, OnnxAttributeKind.Floats) { FloatValues = values };

    public static OnnxAttribute Ints(string name, params long[] values) => new(name, OnnxAttributeKind.Ints) { IntValues = values };

    public static OnnxAttribute Strings(string name, params string[] values) => new(name, OnnxAttributeKind.Strings) { StringValues = values };

    public static OnnxAttribute Tensor(string name, OnnxTensor value) => new(name, OnnxAttributeKind.Tensor) { TensorValue = value };

    public static OnnxAttribute Graph(string name, OnnxGraph value) => new(name, OnnxAttributeKind.Graph) { GraphValue = value };
}
