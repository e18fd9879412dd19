namespace Aitbc.Orleans.Sdk.Contracts;

/// <summary>
/// What every job submission carries besides its inputs (<see cref="JobRequest"/>, <see cref="PrivateJobRequest"/>).
/// Pay with <see cref="QuoteId"/> or cap the market price with <see cref="MaxPrice"/> (exactly one).
/// </summary>
public abstract record JobFields
{
    public required string ModelId { get; init; }

    public LatencyClass LatencyClass { get; init; } = LatencyClass.Standard;

    public required Location Client { get; init; }

    /// <summary>A quote for this model, latency class and job type.</summary>
    public string? QuoteId { get; init; }

    public decimal? MaxPrice { get; init; }

    /// <summary>
    /// Retries with the same key return the job the first request created. The client fills in a fresh key when this
    /// is null, so its own retries are safe; set one to make retries across processes safe too.
    /// </summary>
    public string? IdempotencyKey { get; init; }

    public bool? RequireAttestation { get; init; }

    /// <summary>Run on the platform's cloud pool rather than edge GPUs.</summary>
    public bool? PreferCloud { get; init; }

    public double? Complexity { get; init; }

    /// <summary>Run on this booking's GPU within its window (the booking pays: give <see cref="MaxPrice"/>, held and returned).</summary>
    public string? BookingId { get; init; }
}
