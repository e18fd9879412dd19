using Aitbc.Orleans.Fleet.Profiles;

namespace Aitbc.Orleans.Models.Deployments;

/// <summary>One GPU of a deployment: the variant it prefetches (the one routing would send it), where that stands, since when.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.DeploymentTarget")]
public sealed record DeploymentTarget(
    [property: Id(0)] string GpuId,
    [property: Id(1)] Precision Precision,
    [property: Id(2)] DeploymentTargetStatus Status,
    [property: Id(3)] string? Error,
    [property: Id(4)] DateTimeOffset Since);
