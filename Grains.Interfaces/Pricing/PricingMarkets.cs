using Aitbc.Orleans.Jobs;

namespace Aitbc.Orleans.Pricing;

/// <summary>How pricing markets are keyed: one per region and job type.</summary>
public static class PricingMarkets
{
    public static string KeyFor(string region, JobType jobType) => $"{region}/{jobType.ToString().ToLowerInvariant()}";
}
