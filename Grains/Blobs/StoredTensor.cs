using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Blobs;

/// <summary>A tensor as grain state keeps it: its type and shape, and either its data (small tensors) or the digest of its blob.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.StoredTensor")]
public sealed record StoredTensor(
    [property: Id(0)] string Name,
    [property: Id(1)] TensorElementType ElementType,
    [property: Id(2)] long[] Shape,
    [property: Id(3)] string? Digest,
    [property: Id(4)] byte[]? Inline);
