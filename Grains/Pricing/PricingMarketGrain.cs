using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Jobs;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Pricing;

/// <summary>
/// The market for one region and job type. It reads demand (queue, utilisation, RTT, the mean QoS of routable GPUs)
/// from this silo's fleet snapshot, where the counts are kept as GPUs change, and prices with PriceCalculator: a quote
/// walks nothing and calls no region. It holds no state of its own: the region is the source of truth for demand.
/// </summary>
public sealed class PricingMarketGrain(IOptions<PricingOptions> options, DomainTime time, MarketPricer pricer) : Grain, IPricingMarketGrain
{
    private string Region => this.GetPrimaryKeyString().Split('/')[0];

    private JobType JobType => Enum.Parse<JobType>(this.GetPrimaryKeyString().Split('/')[1], ignoreCase: true);

    public static string KeyFor(string region, JobType jobType) => PricingMarkets.KeyFor(region, jobType);

    public async Task<Quote> IssueQuote(QuoteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var breakdown = pricer.Price(Region, JobType, request.LatencyClass, request.Complexity, pricer.MeanRoutableQos(Region));
        var now = time.GetUtcNow();
        var quote = new Quote(
            $"q-{Guid.NewGuid():N}", request.TenantAccountId, request.ModelId, JobType, request.LatencyClass, Region,
            breakdown, options.Value.Currency, now, now + options.Value.QuoteLifetime);
        await GrainFactory.Grain<IQuoteGrain>(quote.QuoteId).Store(quote);
        return quote;
    }

    public Task<PriceBreakdown> Price(LatencyClass latencyClass, double complexity, double capabilityScore) =>
        Task.FromResult(pricer.Price(Region, JobType, latencyClass, complexity, capabilityScore));
}
