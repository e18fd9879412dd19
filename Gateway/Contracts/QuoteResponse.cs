using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Pricing;

namespace Aitbc.Orleans.Gateway.Contracts;

public sealed record QuoteResponse(
    string QuoteId,
    string ModelId,
    JobType JobType,
    LatencyClass LatencyClass,
    string Region,
    decimal Price,
    decimal BasePrice,
    string Currency,
    PriceMultipliers Multipliers,
    bool FloorApplied,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt)
{
    public static QuoteResponse From(Quote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        return new QuoteResponse(
            quote.QuoteId, quote.ModelId, quote.JobType, quote.LatencyClass, quote.Region, quote.Price, quote.Breakdown.BasePrice,
            quote.Currency, quote.Breakdown.Multipliers, quote.Breakdown.FloorApplied, quote.IssuedAt, quote.ExpiresAt);
    }
}
