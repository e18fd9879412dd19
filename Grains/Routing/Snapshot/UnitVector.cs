using Aitbc.Orleans.Geo;

namespace Aitbc.Orleans.Routing.Snapshot;

/// <summary>
/// Points on the sphere as unit vectors. The straight-line (chord) distance between two unit vectors grows with the
/// great-circle angle between them (angle = 2·asin(chord / 2)), so a box in 3-D space gives an exact lower bound on
/// the great-circle distance to anything inside it: the chord to the nearest point of the box.
/// </summary>
public static class UnitVector
{
    public static (double X, double Y, double Z) Of(GeoPoint p)
    {
        var lat = p.Latitude * Math.PI / 180;
        var lon = p.Longitude * Math.PI / 180;
        var cosLat = Math.Cos(lat);
        return (cosLat * Math.Cos(lon), cosLat * Math.Sin(lon), Math.Sin(lat));
    }

    /// <summary>Great-circle kilometres for a chord between unit vectors.</summary>
    public static double ChordToKm(double chord) => 2 * GeoMath.EarthRadiusKm * Math.Asin(Math.Min(1, chord / 2));

    /// <summary>
    /// Kilometres no more than the great-circle distance for a chord bound: rounding in the unit vectors is ~1e-16, so
    /// a metre of slack keeps the bound below the haversine distance of anything it bounds.
    /// </summary>
    public static double LowerBoundKm(double chord) => chord <= 0 ? 0 : Math.Max(0, ChordToKm(chord) - 0.001);
}
