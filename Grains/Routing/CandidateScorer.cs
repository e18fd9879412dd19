using Aitbc.Orleans.Fleet;

namespace Aitbc.Orleans.Routing;

/// <summary>
/// Scores a candidate in [0,1]: latency (1 − RTT/budget), price (how far under the cap, or against a reference
/// price without a cap), QoS score, and thermal headroom (degrees below critical, saturating at 20 °C).
/// </summary>
public sealed class CandidateScorer(RoutingOptions options)
{
    private const decimal ReferencePrice = 0.001m;

    public double Score(GpuRoutingSummary gpu, double rttMs, double budgetMs, decimal? maxPrice)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        var latency = Math.Clamp(1 - rttMs / budgetMs, 0, 1);
        var price = maxPrice is { } cap && cap > 0
            ? Math.Clamp(1 - (double)(gpu.PriceFloor / cap), 0, 1)
            : 1 / (1 + (double)(gpu.PriceFloor / ReferencePrice));
        var thermal = Math.Clamp(gpu.ThermalHeadroomC / 20, 0, 1);
        return options.WeightLatency * latency + options.WeightPrice * price + options.WeightQos * gpu.QosScore
            + options.WeightThermal * thermal;
    }
}
