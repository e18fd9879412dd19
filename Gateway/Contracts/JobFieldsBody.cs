using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>
/// What every job submission carries besides its inputs (POST /v1/jobs, POST /v1/private/jobs). Give exactly one of
/// quoteId (pay the quote) or maxPrice (pay the market price, capped).
/// </summary>
public abstract class JobFieldsBody
{
    [Required]
    public string? ModelId { get; init; }

    [Required, Description("realtime, fast, standard or economy.")]
    public string? LatencyClass { get; init; }

    [Required]
    public LocationBody? Client { get; init; }

    [Description("A quote from POST /v1/quotes for this model, latency class and job type.")]
    public string? QuoteId { get; init; }

    [Description("The most this job may cost, when there is no quote.")]
    public decimal? MaxPrice { get; init; }

    [Description("Retries with the same key return the job the first request created.")]
    public string? IdempotencyKey { get; init; }

    public bool? RequireAttestation { get; init; }

    [Description("Run on the platform's cloud pool rather than edge GPUs.")]
    public bool? PreferCloud { get; init; }

    [Description("Default 1.")]
    public double? Complexity { get; init; }

    [Description("What the model is used for: commercial (default), research, personal or evaluation. A use the model's license does not permit is refused.")]
    public string? Use { get; init; }

    [Description("Run on the GPU of this booking (POST /v1/bookings), inside its window; the booking pays, so maxPrice is held and returned whole.")]
    public string? BookingId { get; init; }
}
