using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>POST /v1/ops/cloud-pool: a cloud GPU (or a provider's GPUs) for the fallback pool.</summary>
public sealed class CloudOfferRequestBody
{
    [Required, Description("The ECDSA P-256 SubjectPublicKeyInfo (base64) of the miner daemon that runs on the cloud instance.")]
    public string? PublicKey { get; init; }

    [Description("Optional; by default derived from the key, as for POST /v1/miners.")]
    public string? MinerId { get; init; }

    [Required, Description("The provider, e.g. AWS.")]
    public string? Provider { get; init; }

    [Required, Description("The instance type, e.g. g5.xlarge.")]
    public string? InstanceType { get; init; }

    [Required, Description("The GPU model, e.g. NVIDIA A10G.")]
    public string? GpuName { get; init; }

    [Description("GPUs on the instance, 1 to 16 (default 1).")]
    public int? GpuCount { get; init; }

    [Required, Description("Where the instance runs (its region follows from it).")]
    public LocationBody? Location { get; init; }

    [Required, Description("The on-demand price of the instance per hour, in USD.")]
    public decimal? PricePerHourUsd { get; init; }
}
