namespace Aitbc.Orleans.Sdk.Contracts;

/// <summary>POST /v1/quotes: the price of one job of this model and latency class near <see cref="Client"/>.</summary>
public sealed record QuoteRequest
{
    public required string ModelId { get; init; }

    public LatencyClass LatencyClass { get; init; } = LatencyClass.Standard;

    public required Location Client { get; init; }

    /// <summary>Null means inference.</summary>
    public JobType? JobType { get; init; }

    /// <summary>Units of work (inference) or hours (training); null means 1.</summary>
    public double? Complexity { get; init; }
}
