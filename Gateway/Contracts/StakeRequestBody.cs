using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>POST /v1/miners/{id}/stake and /unstake.</summary>
public sealed class StakeRequestBody
{
    [Required]
    public decimal? Amount { get; init; }

    [Required, Description("Makes a retried request move money once.")]
    public string? RequestId { get; init; }
}
