namespace Aitbc.Orleans.Geo;

/// <summary>Great-circle distance and a first-order network round-trip estimate between two places.</summary>
public static class GeoMath
{
    /// <summary>Mean Earth radius (IUGG), adequate for the ~0.5% accuracy a latency estimate needs.</summary>
    public const double EarthRadiusKm = 6371.0088;

    /// <summary>Light in fibre covers about 200 km per millisecond (refractive index ≈ 1.5).</summary>
    public const double FibreKmPerMs = 200;

    /// <summary>Real routes are longer than the great circle; 1.5× is a common rule of thumb for terrestrial paths.</summary>
    public const double DefaultPathInflation = 1.5;

    /// <summary>Fixed round-trip cost of access networks, queues and serialisation at both ends.</summary>
    public const double DefaultLastMileMs = 5;

    public static double HaversineKm(GeoPoint a, GeoPoint b)
    {
        EnsureValid(a, nameof(a));
        EnsureValid(b, nameof(b));

        var lat1 = DegreesToRadians(a.Latitude);
        var lat2 = DegreesToRadians(b.Latitude);
        var halfDeltaLat = (lat2 - lat1) / 2;
        var halfDeltaLon = DegreesToRadians(b.Longitude - a.Longitude) / 2;

        var h = (Math.Sin(halfDeltaLat) * Math.Sin(halfDeltaLat))
            + (Math.Cos(lat1) * Math.Cos(lat2) * Math.Sin(halfDeltaLon) * Math.Sin(halfDeltaLon));
        // Clamp guards asin against rounding just above 1 for antipodal points.
        return 2 * EarthRadiusKm * Math.Asin(Math.Sqrt(Math.Clamp(h, 0, 1)));
    }

    /// <summary>
    /// Estimated round-trip time: great-circle km / <see cref="FibreKmPerMs"/> × 2 (there and back) × <paramref name="pathInflation"/>
    /// + <paramref name="lastMileMs"/>. Defaults: inflation 1.5, last mile 5 ms, so London–New York (≈5570 km) comes to ≈88.6 ms.
    /// </summary>
    public static double EstimatedRttMs(GeoPoint a, GeoPoint b, double pathInflation = DefaultPathInflation, double lastMileMs = DefaultLastMileMs)
    {
        if (!double.IsFinite(pathInflation) || pathInflation < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(pathInflation), pathInflation, "A route cannot be shorter than the great circle.");
        }

        if (!double.IsFinite(lastMileMs) || lastMileMs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(lastMileMs), lastMileMs, "Last-mile time must be zero or more.");
        }

        return (HaversineKm(a, b) / FibreKmPerMs * 2 * pathInflation) + lastMileMs;
    }

    private static double DegreesToRadians(double degrees) => degrees * Math.PI / 180;

    private static void EnsureValid(GeoPoint point, string name)
    {
        if (!point.IsValid)
        {
            throw new ArgumentOutOfRangeException(name, point, "Latitude must be within [-90, 90] and longitude within [-180, 180].");
        }
    }
}
