using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>POST /v1/quotes.</summary>
public sealed class QuoteRequestBody
{
    [Required]
    public string? ModelId { get; init; }

    [Description("inference (default) or training.")]
    public string? JobType { get; init; }

    [Required, Description("realtime (<100 ms), fast (<500 ms), standard (<2 s) or economy (<10 s).")]
    public string? LatencyClass { get; init; }

    [Required, Description("Where the results are needed; prices and routing follow it.")]
    public LocationBody? Client { get; init; }

    [Description("Units of work (inference) or hours (training); default 1.")]
    public double? Complexity { get; init; }
}
