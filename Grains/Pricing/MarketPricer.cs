using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Routing.Snapshot;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Pricing;

/// <summary>
/// A region's market price from this silo's fleet snapshot (queue, utilisation, RTT, slots) with
/// <see cref="PriceCalculator"/>. Every silo holds the same snapshot, so a market grain and a job grain price alike
/// wherever they run, and a job prices its attempt without a call.
/// </summary>
public sealed class MarketPricer(IOptions<PricingOptions> options, DomainTime time, FleetSnapshot snapshot)
{
    private readonly PriceCalculator _calculator = new(options.Value);

    /// <param name="capability">The capability score in [0, 1] (a GPU's QoS; for a quote, the region's mean routable QoS).</param>
    public PriceBreakdown Price(string region, JobType jobType, LatencyClass latencyClass, double complexity, double capability)
    {
        var stats = snapshot.StatsOf(region);
        return _calculator.Compute(new PriceInputs(
            jobType, latencyClass, capability, stats.AverageRttMs, stats.QueueLength, stats.TotalSlots, stats.Utilisation,
            time.GetUtcNow(), complexity));
    }

    /// <summary>The region's mean QoS of routable GPUs: the capability a quote is priced at.</summary>
    public double MeanRoutableQos(string region) => snapshot.StatsOf(region).MeanRoutableQos;
}
