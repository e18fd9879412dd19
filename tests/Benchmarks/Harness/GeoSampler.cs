using Aitbc.Orleans.Geo;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// Places simulated GPUs and clients where people are: a city drawn by population, then a uniform point within
/// JitterKm of its centre, so that a client and a GPU in the same city are not at exactly the same spot (which would
/// make every in-city RTT the 5 ms last-mile floor).
/// </summary>
public static class GeoSampler
{
    public const double JitterKm = 25;
    private const double KmPerDegree = 111.32;

    public static GeoPoint Sample(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var city = WorldCities.SampleByPopulation(rng).Location;
        var distance = JitterKm * Math.Sqrt(rng.NextDouble());
        var bearing = rng.NextDouble() * 2 * Math.PI;
        var lat = Math.Clamp(city.Latitude + distance / KmPerDegree * Math.Cos(bearing), -89.9, 89.9);
        var lonScale = KmPerDegree * Math.Max(0.01, Math.Cos(lat * Math.PI / 180));
        var lon = city.Longitude + distance / lonScale * Math.Sin(bearing);
        lon = lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon;
        return new GeoPoint(lat, lon);
    }
}
