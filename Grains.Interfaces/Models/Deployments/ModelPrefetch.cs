using Aitbc.Orleans.Fleet.Profiles;

namespace Aitbc.Orleans.Models.Deployments;

/// <summary>
/// Asks a miner to fetch a model variant into its cache for one of its GPUs and report to the deployment when it is
/// ready (<see cref="IModelDeploymentGrain.Report"/>). VariantSha256 and VariantSizeBytes name fp16 and int8 bytes.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.ModelPrefetch")]
public sealed record ModelPrefetch(
    [property: Id(0)] string DeploymentId,
    [property: Id(1)] string ModelId,
    [property: Id(2)] string GpuId,
    [property: Id(3)] Precision Precision,
    [property: Id(4)] string? VariantSha256,
    [property: Id(5)] long VariantSizeBytes);
