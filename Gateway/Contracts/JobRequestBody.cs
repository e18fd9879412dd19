using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>POST /v1/jobs. Give exactly one of quoteId (pay the quote) or maxPrice (pay the market price, capped).</summary>
public sealed class JobRequestBody : JobFieldsBody
{
    [Required, Description("Named tensors matching the model's inputs.")]
    public Dictionary<string, TensorBody?>? Inputs { get; init; }

    [Description("inference (default) or training; private inference is POST /v1/private/jobs.")]
    public string? JobType { get; init; }
}
