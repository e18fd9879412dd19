namespace Aitbc.Orleans.Models.Deployments;

/// <summary>
/// Deploy a model to GPUs: the named ones (<see cref="GpuIds"/>), or the <see cref="Count"/> best-fitting available GPUs
/// of <see cref="Region"/>. The gateway checks that the account may see the model.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.ModelDeploymentRequest")]
public sealed record ModelDeploymentRequest(
    [property: Id(0)] string ModelId,
    [property: Id(1)] string AccountId,
    [property: Id(2)] IReadOnlyList<string>? GpuIds,
    [property: Id(3)] string? Region,
    [property: Id(4)] int Count);
