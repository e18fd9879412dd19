using Aitbc.Orleans.Jobs;

namespace Aitbc.Orleans.Pricing;

[GenerateSerializer, Immutable, Alias("aitbc.Quote")]
public sealed record Quote(
    [property: Id(0)] string QuoteId,
    [property: Id(1)] string TenantAccountId,
    [property: Id(2)] string ModelId,
    [property: Id(3)] JobType JobType,
    [property: Id(4)] LatencyClass LatencyClass,
    [property: Id(5)] string Region,
    [property: Id(6)] PriceBreakdown Breakdown,
    [property: Id(7)] string Currency,
    [property: Id(8)] DateTimeOffset IssuedAt,
    [property: Id(9)] DateTimeOffset ExpiresAt)
{
    public decimal Price => Breakdown.Price;
}
