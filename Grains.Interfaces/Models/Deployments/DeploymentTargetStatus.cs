namespace Aitbc.Orleans.Models.Deployments;

/// <summary>One GPU's part of a deployment: asked to prefetch, holding the model ready, or failed (with the reason).</summary>
[GenerateSerializer, Alias("aitbc.DeploymentTargetStatus")]
public enum DeploymentTargetStatus
{
    Prefetching = 0,
    Ready = 1,
    Failed = 2,
}
