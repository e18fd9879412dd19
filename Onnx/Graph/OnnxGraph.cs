namespace Aitbc.Orleans.Onnx.Graph;

/// <summary>
/// A GraphProto, editable: nodes in topological order, initializers (weights), the typed inputs and outputs, and
/// value infos for intermediate values. Lists are mutable; nodes, tensors and value infos are immutable records, so an
/// edit replaces an element. Subgraphs (If/Loop bodies) hang off node attributes.
/// </summary>
public sealed class OnnxGraph
{
    public List<OnnxNode> Nodes { get; init; } = [];

    public string? Name { get; set; }

    public List<OnnxTensor> Initializers { get; init; } = [];

    public List<OnnxSparseTensor> SparseInitializers { get; init; } = [];

    public string? DocString { get; set; }

    public List<OnnxValueInfo> Inputs { get; init; } = [];

    public List<OnnxValueInfo> Outputs { get; init; } = [];

    public List<OnnxValueInfo> ValueInfos { get; init; } = [];

    /// <summary>GraphProto.quantization_annotation (TensorAnnotation messages), kept encoded.</summary>
    public List<ReadOnlyMemory<byte>> QuantizationAnnotations { get; init; } = [];

    public List<OnnxStringEntry> MetadataProps { get; init; } = [];

    public List<ReadOnlyMemory<byte>> UnknownFields { get; init; } = [];

    public OnnxTensor? FindInitializer(string name) => Initializers.FirstOrDefault(t => t.Name == name);

    /// <summary>A copy whose lists can be edited without touching this graph (elements are shared: they are immutable).</summary>
    public OnnxGraph Clone() => new()
    {
        Nodes = [.. Nodes],
        Name = Name,
        Initializers = [.. Initializers],
        SparseInitializers = [.. SparseInitializers],
        DocString = DocString,
        Inputs = [.. Inputs],
        Outputs = [.. Outputs],
        ValueInfos = [.. ValueInfos],
        QuantizationAnnotations = [.. QuantizationAnnotations],
        MetadataProps = [.. MetadataProps],
        UnknownFields = [.. UnknownFields],
    };
}
