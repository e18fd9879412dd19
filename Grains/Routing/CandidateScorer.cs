using Aitbc.Orleans.Routing.Snapshot;

namespace Aitbc.Orleans.Routing;

/// <summary>
/// Scores a candidate in [0,1]: latency relative to the nearest candidate ((best + 1 ms) / (RTT + 1 ms), so a GPU at
/// 40 ms never beats one at 5 ms on price or QoS alone, whatever the class budget), price (how far under the cap, or
/// against a reference price without a cap), QoS score, and thermal headroom (degrees below critical, saturating at
/// 20 °C). When some candidates hold the model warm, the others' latency includes the cold start
/// (<see cref="RoutingOptions.ColdStartMs"/>: download and load), so a warm GPU wins unless it is that much farther
/// away, as exo and Livepeer prefer nodes that have the model; among cold candidates alone nothing changes. The budget
/// itself is a hard filter upstream.
/// </summary>
public sealed class CandidateScorer(RoutingOptions options)
{
    private const decimal ReferencePrice = 0.001m;

    /// <param name="coldStartMs">Added to the RTT of a candidate that does not hold the model (0 when none does).</param>
    public double Score(in SnapshotCandidate candidate, double bestRttMs, decimal? maxPrice, double coldStartMs = 0) =>
        Score(candidate.PriceFloor, candidate.QosScore, candidate.ThermalHeadroomC, EffectiveRttMs(candidate, coldStartMs), bestRttMs, maxPrice);

    /// <summary>The candidate's RTT, plus the cold start when it does not hold the model.</summary>
    public static double EffectiveRttMs(in SnapshotCandidate candidate, double coldStartMs) =>
        candidate.RttMs + (candidate.Warm ? 0 : coldStartMs);

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
