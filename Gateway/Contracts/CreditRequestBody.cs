using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>POST /v1/accounts/{id}/credit.</summary>
public sealed class CreditRequestBody
{
    [Required]
    public decimal? Amount { get; init; }

    [Required, Description("Makes a retried credit apply once.")]
    public string? OperationId { get; init; }

    public string? Reason { get; init; }
}
