using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Jobs;

namespace Aitbc.Orleans.Pricing;

[GenerateSerializer, Immutable, Alias("aitbc.QuoteRequest")]
public sealed record QuoteRequest(
    [property: Id(0)] string TenantAccountId,
    [property: Id(1)] string ModelId,
    [property: Id(2)] JobType JobType,
    [property: Id(3)] LatencyClass LatencyClass,
    [property: Id(4)] GeoPoint Client,
    [property: Id(5)] double Complexity = 1.0);
