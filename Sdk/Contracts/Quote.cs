namespace Aitbc.Orleans.Sdk.Contracts;

/// <summary>A price for one job of this tenant, model and latency class, redeemable once until <see cref="ExpiresAt"/>.</summary>
public sealed record Quote
{
    public required string QuoteId { get; init; }

    public required string ModelId { get; init; }

    public JobType JobType { get; init; }

    public LatencyClass LatencyClass { get; init; }

    public string Region { get; init; } = "";

    public decimal Price { get; init; }

    public decimal BasePrice { get; init; }

    public string Currency { get; init; } = "";

    public PriceMultipliers? Multipliers { get; init; }

    public bool FloorApplied { get; init; }

    public DateTimeOffset IssuedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }
}
