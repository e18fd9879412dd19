namespace Aitbc.Orleans.Sdk.Contracts;

/// <summary>A registered model. The id is content-addressed: m- and 16 hex digits of the SHA-256 of its bytes.</summary>
public sealed record Model
{
    public required string ModelId { get; init; }

    public string Name { get; init; } = "";

    public string License { get; init; } = "";

    public string Sha256 { get; init; } = "";

    public long SizeBytes { get; init; }

    public IReadOnlyList<TensorSpec> Inputs { get; init; } = [];

    public IReadOnlyList<TensorSpec> Outputs { get; init; } = [];

    public string OwnerAccountId { get; init; } = "";

    public DateTimeOffset UploadedAt { get; init; }

    public long ParameterCount { get; init; }

    public int ChunkCount { get; init; }

    public int ChunkSize { get; init; }
}
