namespace Aitbc.Orleans.Models.Deployments;

/// <summary>A deployment and each GPU's state; Ready when every target is, Failed when none can be, else in progress.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.ModelDeploymentView")]
public sealed record ModelDeploymentView(
    [property: Id(0)] string DeploymentId,
    [property: Id(1)] string ModelId,
    [property: Id(2)] string AccountId,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] IReadOnlyList<DeploymentTarget> Targets)
{
    public string Status =>
        Targets.Count > 0 && Targets.All(t => t.Status == DeploymentTargetStatus.Ready) ? "ready"
        : Targets.All(t => t.Status == DeploymentTargetStatus.Failed) ? "failed"
        : Targets.Any(t => t.Status == DeploymentTargetStatus.Prefetching) ? "prefetching"
        : "partial";
}
