namespace Aitbc.Orleans.Onnx.Graph;

/// <summary>
/// A ModelProto, editable: the IR version, the operator sets it binds to, producer and metadata, and the main graph.
/// Training info, model-local functions and device configurations are kept encoded (nothing here edits them).
/// </summary>
public sealed class OnnxModel
{
    public long? IrVersion { get; set; }

    public List<OnnxOpsetImport> OpsetImports { get; init; } = [];

    public string? ProducerName { get; set; }

    public string? ProducerVersion { get; set; }

    public string? Domain { get; set; }

    public long? ModelVersion { get; set; }

    public string? DocString { get; set; }

    public OnnxGraph? Graph { get; set; }

    public List<OnnxStringEntry> MetadataProps { get; init; } = [];

    public List<ReadOnlyMemory<byte>> TrainingInfo { get; init; } = [];

    public List<ReadOnlyMemory<byte>> Functions { get; init; } = [];

    public List<ReadOnlyMemory<byte>> Configurations { get; init; } = [];

    public List<ReadOnlyMemory<byte>> UnknownFields { get; init; } = [];

    /// <summary>The version of the standard operator set (domain "" or "ai.onnx"), or null when the model imports none.</summary>
    public long? DefaultOpsetVersion => OpsetImports.LastOrDefault(o => o.IsDefaultDomain)?.Version;

    /// <summary>The main graph, or an error for a ModelProto without one.</summary>
    public OnnxGraph RequireGraph() => Graph ?? throw new InvalidOperationException("The model has no graph.");

    /// <summary>A copy whose model and main-graph lists can be edited without touching this one.</summary>
    public OnnxModel Clone() => new()
    {
        IrVersion = IrVersion,
        OpsetImports = [.. OpsetImports],
        ProducerName = ProducerName,
        ProducerVersion = ProducerVersion,
        Domain = Domain,
        ModelVersion = ModelVersion,
        DocString = DocString,
        Graph = Graph?.Clone(),
        MetadataProps = [.. MetadataProps],
        TrainingInfo = [.. TrainingInfo],
        Functions = [.. Functions],
        Configurations = [.. Configurations],
        UnknownFields = [.. UnknownFields],
    };
}
