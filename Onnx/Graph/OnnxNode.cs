namespace Aitbc.Orleans.Onnx.Graph;

/// <summary>One operator application in the graph (NodeProto). An empty input name means an omitted optional input.</summary>
public sealed record OnnxNode(
    string OpType,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    string? Name,
    IReadOnlyList<OnnxAttribute> Attributes)
{
    /// <summary>The operator set domain; null or "" is the standard one (ai.onnx).</summary>
    public string? Domain { get; init; }

    public string? Overload { get; init; }

    public string? DocString { get; init; }

    public IReadOnlyList<OnnxStringEntry> MetadataProps { get; init; } = [];

    /// <summary>NodeProto.device_configurations (sharding and pipeline plans), kept encoded: nothing here edits them.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> DeviceConfigurations { get; init; } = [];

    public IReadOnlyList<ReadOnlyMemory<byte>> UnknownFields { get; init; } = [];

    public bool IsDefaultDomain => Domain is null or "" or "ai.onnx";

    public OnnxAttribute? FindAttribute(string name) => Attributes.FirstOrDefault(a => a.Name == name);
}
