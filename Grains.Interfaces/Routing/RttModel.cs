using Aitbc.Orleans.Geo;

namespace Aitbc.Orleans.Routing;

/// <summary>
/// Estimated client↔GPU round trip. Geographic part: great-circle distance over fibre (~200 km/ms), doubled for the
/// round trip, times a path-inflation factor, plus a last-mile constant (GeoMath.EstimatedRttMs). Measured part: the
/// miner's EWMA RTT to the cluster says how much worse its access link is than the model's last mile; a quarter of that
/// excess is added, because the client's traffic crosses the same access link but the miner's probe also includes
/// the path to the cluster, which the client's path does not.
/// </summary>
public static class RttModel
{
    public const double MeasuredExcessWeight = 0.25;
    public const double LastMileMs = 5;

    public static double Estimate(GeoPoint client, GeoPoint gpu, double measuredRttMs) =>
        GeoMath.EstimatedRttMs(client, gpu) + MeasuredPartMs(measuredRttMs);

    /// <summary>What a GPU's measured RTT adds to the geographic estimate (never negative).</summary>
    public static double MeasuredPartMs(double measuredRttMs) => MeasuredExcessWeight * Math.Max(0, measuredRttMs - LastMileMs - 20);

    /// <summary>The geographic estimate for a great-circle distance (the router's lower bound for a region).</summary>
    public static double FromDistanceKm(double km) =>
        km / GeoMath.FibreKmPerMs * 2 * GeoMath.DefaultPathInflation + GeoMath.DefaultLastMileMs;

    /// <summary>
    /// Exponentially weighted moving average, one reading at a time (newest weighted alpha; the first reading starts it),
    /// so a GPU keeps one number instead of a window of readings.
    /// </summary>
    public static double Next(double? average, double reading, double alpha = 0.3) =>
        average is { } value ? alpha * reading + (1 - alpha) * value : reading;
}
