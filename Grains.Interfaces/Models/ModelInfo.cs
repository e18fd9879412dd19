using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Models;

/// <summary>A registered ONNX model. Id is derived from the content hash, so the same bytes register once.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.ModelInfo")]
public sealed record ModelInfo(
    [property: Id(0)] string ModelId,
    [property: Id(1)] string Name,
    [property: Id(2)] string License,
    [property: Id(3)] string Sha256,
    [property: Id(4)] long SizeBytes,
    [property: Id(5)] IReadOnlyList<TensorSpec> Inputs,
    [property: Id(6)] IReadOnlyList<TensorSpec> Outputs,
    [property: Id(7)] string OwnerAccountId,
    [property: Id(8)] DateTimeOffset UploadedAt,
    [property: Id(9)] long ParameterCount,
    [property: Id(10)] int ChunkCount,
    [property: Id(11)] int ChunkSize);
