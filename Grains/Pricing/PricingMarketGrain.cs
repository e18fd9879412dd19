using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Routing.Snapshot;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Pricing;

/// <summary>
/// The market for one region and job type. It reads demand (queue, utilisation, RTT, the mean QoS of routable GPUs)
/// from this silo's fleet snapshot, where the counts are kept as GPUs change, and prices with PriceCalculator: a quote
/// walks nothing and calls no region. It holds no state of its own: the region is the source of truth for demand.
/// </summary>
public sealed class PricingMarketGrain(IOptions<PricingOptions> options, DomainTime time, FleetSnapshot snapshot) : Grain, IPricingMarketGrain
{
    private readonly PriceCalculator _calculator = new(options.Value);

    private string Region => this.GetPrimaryKeyString().Split('/')[0];

    private JobType JobType => Enum.Parse<JobType>(this.GetPrimaryKeyString().Split('/')[1], ignoreCase: true);

    public static string KeyFor(string region, JobType jobType) => $"{region}/{jobType.ToString().ToLowerInvariant()}";

    public async Task<Quote> IssueQuote(QuoteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var breakdown = PriceWith(request.LatencyClass, request.Complexity, snapshot.StatsOf(Region).MeanRoutableQos);
        var now = time.GetUtcNow();
        var quote = new Quote(
            $"q-{Guid.NewGuid():N}", request.TenantAccountId, request.ModelId, JobType, request.LatencyClass, Region,
            breakdown, options.Value.Currency, now, now + options.Value.QuoteLifetime);
        await GrainFactory.GetGrain<IQuoteGrain>(quote.QuoteId).Store(quote);
        return quote;
    }

    public Task<PriceBreakdown> Price(LatencyClass latencyClass, double complexity, double capabilityScore) =>
        Task.FromResult(PriceWith(latencyClass, complexity, capabilityScore));

    private PriceBreakdown PriceWith(LatencyClass latencyClass, double complexity, double capability)
    {
        var stats = snapshot.StatsOf(Region);
        return _calculator.Compute(new PriceInputs(
            JobType, latencyClass, capability, stats.AverageRttMs, stats.QueueLength, stats.TotalSlots, stats.Utilisation,
            time.GetUtcNow(), complexity));
    }
}
