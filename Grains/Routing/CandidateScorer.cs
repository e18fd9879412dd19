using Aitbc.Orleans.Routing.Snapshot;

namespace Aitbc.Orleans.Routing;

/// <summary>
/// Scores a candidate in [0,1]: latency relative to the nearest candidate ((best + 1 ms) / (RTT + 1 ms), so a GPU at
/// 40 ms never beats one at 5 ms on price or QoS alone, whatever the class budget), price (how far under the cap, or
/// against a reference price without a cap), QoS score, and thermal headroom (degrees below critical, saturating at
/// 20 °C), and a bonus for a GPU whose miner already holds the model (warm: no download, no cold load), as exo and
/// Livepeer prefer nodes that have the model. The budget itself is a hard filter upstream.
/// </summary>
public sealed class CandidateScorer(RoutingOptions options)
{
    private const decimal ReferencePrice = 0.001m;

    public double Score(SnapshotCandidate candidate, double bestRttMs, decimal? maxPrice)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return Score(candidate.PriceFloor, candidate.QosScore, candidate.ThermalHeadroomC, candidate.RttMs, bestRttMs, maxPrice)
            + (candidate.Warm ? options.WeightWarm : 0);
    }

    public double Score(decimal priceFloor, double qosScore, double thermalHeadroomC, double rttMs, double bestRttMs, decimal? maxPrice)
    {
        var latency = Math.Clamp((bestRttMs + 1) / (rttMs + 1), 0, 1);
        var price = maxPrice is { } cap && cap > 0
            ? Math.Clamp(1 - (double)(priceFloor / cap), 0, 1)
            : 1 / (1 + (double)(priceFloor / ReferencePrice));
        var thermal = Math.Clamp(thermalHeadroomC / 20, 0, 1);
        return options.WeightLatency * latency + options.WeightPrice * price + options.WeightQos * qosScore
            + options.WeightThermal * thermal;
    }
}
