namespace Aitbc.Orleans.Sdk.Contracts;

/// <summary>POST /v1/jobs. Pay with <see cref="QuoteId"/> or cap the market price with <see cref="MaxPrice"/> (exactly one).</summary>
public sealed record JobRequest
{
    public required string ModelId { get; init; }

    /// <summary>Named tensors matching the model's inputs.</summary>
    public required IReadOnlyDictionary<string, Tensor> Inputs { get; init; }

    public LatencyClass LatencyClass { get; init; } = LatencyClass.Standard;

    public required Location Client { get; init; }

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

    public JobType? JobType { get; init; }

    public double? Complexity { get; init; }
}
