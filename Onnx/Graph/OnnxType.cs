namespace Aitbc.Orleans.Onnx.Graph;

/// <summary>A TypeProto: the type of a graph value. Exactly one subtype per oneof case of onnx.proto.</summary>
public abstract record OnnxType
{
    /// <summary>TypeProto.denotation (a standard semantic description such as "IMAGE").</summary>
    public string? Denotation { get; init; }

    /// <summary>Fields this reader does not know, kept encoded so that writing the model back loses nothing.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> UnknownFields { get; init; } = [];
}
