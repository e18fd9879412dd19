using System.ComponentModel;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>POST /v1/models/{id}/deployments: either gpuIds, or region and count.</summary>
public sealed class DeploymentRequestBody
{
    [Description("The GPUs whose miners prefetch the model (1 to 64).")]
    public List<string?>? GpuIds { get; init; }

    [Description("A region whose available GPUs the model fits are chosen, most memory first (with count).")]
    public string? Region { get; init; }

    [Description("How many GPUs of the region (1 to 64, default 1).")]
    public int? Count { get; init; }

    [Description("Makes a retried request start one deployment.")]
    public string? RequestId { get; init; }
}
