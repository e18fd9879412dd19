using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>POST /v1/keys.</summary>
public sealed class CreateKeyRequestBody
{
    [Required]
    public string? AccountId { get; init; }

    [Required, Description("submitter and/or operator.")]
    public string[]? Roles { get; init; }

    public string? Label { get; init; }
}
