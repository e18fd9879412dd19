using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>POST /v1/jobs. Give exactly one of quoteId (pay the quote) or maxPrice (pay the market price, capped).</summary>
public sealed class JobRequestBody : JobFieldsBody
{
    [Required, Description("Named tensors matching the model's inputs.")]
    public Dictionary<string, TensorBody?>? Inputs { get; init; }

    [Description("inference (the default and the only type accepted here; training is refused until real training exists); private inference is POST /v1/private/jobs.")]
    public string? JobType { get; init; }

    [Description("Pin the model variant: fp32, fp16 or int8 (it must exist and have passed its tolerance). Left out, the cluster runs the most precise variant that fits the chosen GPU.")]
    public string? Precision { get; init; }
}
