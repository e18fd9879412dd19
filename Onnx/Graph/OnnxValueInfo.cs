namespace Aitbc.Orleans.Onnx.Graph;

/// <summary>A ValueInfoProto: a graph input, output or intermediate value with its type (null when not declared).</summary>
public sealed record OnnxValueInfo(string Name, OnnxType? Type)
{
    public string? DocString { get; init; }

    public IReadOnlyList<OnnxStringEntry> MetadataProps { get; init; } = [];

    public IReadOnlyList<ReadOnlyMemory<byte>> UnknownFields { get; init; } = [];

    /// <summary>The element type when this is a dense tensor, else null.</summary>
    public int? TensorElementType => Type is OnnxTensorType tensor ? tensor.ElementType : null;

    public static OnnxValueInfo Tensor(string name, int elementType, params OnnxDimension[] dims) =>
        new(name, new OnnxTensorType(elementType, dims));
}
