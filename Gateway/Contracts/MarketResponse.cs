using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Pricing;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>The current price per latency class in one market, with every multiplier (complexity 1).</summary>
public sealed record MarketResponse(
    string Region,
    JobType JobType,
    string Currency,
    double CapabilityScore,
    int RoutableGpus,
    IReadOnlyDictionary<string, PriceBreakdown> Prices);
