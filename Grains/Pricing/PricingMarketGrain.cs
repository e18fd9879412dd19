using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Jobs;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Pricing;

/// <summary>
/// The market for one region and job type. It reads demand from its RegionGrain (queue, utilisation, RTT) and prices
/// with PriceCalculator. It holds no state of its own: the region is the source of truth for demand.
/// </summary>
public sealed class PricingMarketGrain(IOptions<PricingOptions> options, DomainTime time) : Grain, IPricingMarketGrain
{
    private readonly PriceCalculator _calculator = new(options.Value);

    private string Region => this.GetPrimaryKeyString().Split('/')[0];

    private JobType JobType => Enum.Parse<JobType>(this.GetPrimaryKeyString().Split('/')[1], ignoreCase: true);

    public static string KeyFor(string region, JobType jobType) => PricingMarkets.KeyFor(region, jobType);

    public async Task<Quote> IssueQuote(QuoteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var region = GrainFactory.GetGrain<IRegionGrain>(Region);
        var gpus = await region.ListGpus();
        var routable = gpus.Where(g => g.Routable).ToArray();
        var capability = routable.Length == 0 ? 0.5 : routable.Average(g => g.QosScore);
        var breakdown = await PriceWith(request.LatencyClass, request.Complexity, capability);
        var now = time.GetUtcNow();
        var quote = new Quote(
            $"q-{Guid.NewGuid():N}", request.TenantAccountId, request.ModelId, JobType, request.LatencyClass, Region,
            breakdown, options.Value.Currency, now, now + options.Value.QuoteLifetime);
        await GrainFactory.GetGrain<IQuoteGrain>(quote.QuoteId).Store(quote);
        return quote;
    }

    public Task<PriceBreakdown> Price(LatencyClass latencyClass, double complexity, double capabilityScore) =>
        PriceWith(latencyClass, complexity, capabilityScore);

    private async Task<PriceBreakdown> PriceWith(LatencyClass latencyClass, double complexity, double capability)
    {
        var stats = await GrainFactory.GetGrain<IRegionGrain>(Region).GetStats();
        return _calculator.Compute(new PriceInputs(
            JobType, latencyClass, capability, stats.AverageRttMs, stats.QueueLength, stats.TotalSlots, stats.Utilisation,
            time.GetUtcNow(), complexity));
    }
}
