namespace Aitbc.Orleans.Models.Deployments;

/// <summary>Bounds of a deployment, shared by the gateway's validation and the grain.</summary>
public static class ModelDeploymentLimits
{
    /// <summary>The most GPUs one deployment targets.</summary>
    public const int MaxTargets = 64;
}
