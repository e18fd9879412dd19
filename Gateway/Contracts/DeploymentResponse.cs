using Aitbc.Orleans.Models.Deployments;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>
/// A deployment: status (prefetching, ready, partial, failed) and, per GPU, the variant its miner prefetches (the one
/// routing would send it) and where that stands.
/// </summary>
public sealed record DeploymentResponse(string DeploymentId, string ModelId, string Status, DateTimeOffset CreatedAt, IReadOnlyList<DeploymentTarget> Targets)
{
    public static DeploymentResponse From(ModelDeploymentView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new DeploymentResponse(view.DeploymentId, view.ModelId, view.Status, view.CreatedAt, view.Targets);
    }
}
