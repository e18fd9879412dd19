using Aitbc.Orleans.Jobs;

namespace Aitbc.Orleans.Pricing;

/// <summary>Dynamic price for one region and job type. Key: "{region}/{jobType}".</summary>
[Alias("aitbc.IPricingMarketGrain")]
public interface IPricingMarketGrain : IGrainWithStringKey
{
    [Alias("IssueQuote")]
    Task<Quote> IssueQuote(QuoteRequest request);

    [Alias("Price")]
    Task<PriceBreakdown> Price(LatencyClass latencyClass, double complexity, double capabilityScore);
}
