using Aitbc.Orleans.Geo;
using Xunit;

namespace Aitbc.Orleans.Tests.Geo;

public sealed class GeoMathTests
{
    private static readonly GeoPoint London = new(51.5074, -0.1278);
    private static readonly GeoPoint NewYork = new(40.7128, -74.0060);
    private static readonly GeoPoint Sydney = new(-33.8688, 151.2093);
    private static readonly GeoPoint Tokyo = new(35.6762, 139.6503);
    private static readonly GeoPoint Paris = new(48.8566, 2.3522);
    private static readonly GeoPoint Berlin = new(52.5200, 13.4050);
    private static readonly GeoPoint LosAngeles = new(34.0522, -118.2437);

    public static TheoryData<string, string, double> KnownDistances => new()
    {
        { "London", "New York", 5570 },
        { "Sydney", "Tokyo", 7820 },
        { "Paris", "Berlin", 878 },
        { "Los Angeles", "Tokyo", 8815 },
    };

    [Theory]
    [MemberData(nameof(KnownDistances))]
    public void Haversine_matches_published_distances_within_one_percent(string from, string to, double expectedKm)
    {
        var km = GeoMath.HaversineKm(Point(from), Point(to));

        Assert.InRange(km, expectedKm * 0.99, expectedKm * 1.01);
    }

    [Fact]
    public void Haversine_is_symmetric_zero_for_same_point_and_half_circumference_for_antipodes()
    {
        Assert.Equal(GeoMath.HaversineKm(London, Sydney), GeoMath.HaversineKm(Sydney, London), 9);
        Assert.Equal(0, GeoMath.HaversineKm(Tokyo, Tokyo));
        Assert.Equal(Math.PI * GeoMath.EarthRadiusKm, GeoMath.HaversineKm(new GeoPoint(0, 0), new GeoPoint(0, 180)), 6);
        Assert.Equal(Math.PI * GeoMath.EarthRadiusKm, GeoMath.HaversineKm(new GeoPoint(90, 0), new GeoPoint(-90, 0)), 6);
    }

    [Fact]
    public void Haversine_crosses_the_antimeridian_the_short_way()
    {
        var km = GeoMath.HaversineKm(new GeoPoint(0, 179.5), new GeoPoint(0, -179.5));

        Assert.InRange(km, 110, 112);
    }

    [Fact]
    public void Rtt_follows_the_documented_formula()
    {
        var km = GeoMath.HaversineKm(London, NewYork);

        Assert.Equal((km / 200 * 2 * 1.5) + 5, GeoMath.EstimatedRttMs(London, NewYork), 9);
        Assert.InRange(GeoMath.EstimatedRttMs(London, NewYork), 87, 90);
        Assert.Equal((km / 200 * 2 * 2.0) + 12, GeoMath.EstimatedRttMs(London, NewYork, pathInflation: 2.0, lastMileMs: 12), 9);
        Assert.Equal(5, GeoMath.EstimatedRttMs(Paris, Paris));
        Assert.Equal(0, GeoMath.EstimatedRttMs(Paris, Paris, lastMileMs: 0));
    }

    [Fact]
    public void Rtt_rejects_meaningless_parameters()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GeoMath.EstimatedRttMs(Paris, Berlin, pathInflation: 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => GeoMath.EstimatedRttMs(Paris, Berlin, lastMileMs: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => GeoMath.EstimatedRttMs(Paris, Berlin, pathInflation: double.NaN));
    }

    [Theory]
    [InlineData(0, 0, true)]
    [InlineData(90, 180, true)]
    [InlineData(-90, -180, true)]
    [InlineData(90.0001, 0, false)]
    [InlineData(0, -180.5, false)]
    [InlineData(double.NaN, 0, false)]
    [InlineData(0, double.PositiveInfinity, false)]
    public void Validity(double latitude, double longitude, bool valid)
    {
        Assert.Equal(valid, new GeoPoint(latitude, longitude).IsValid);
        Assert.Equal(valid, GeoPoint.IsValidCoordinate(latitude, longitude));
    }

    [Fact]
    public void Invalid_points_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GeoMath.HaversineKm(new GeoPoint(100, 0), London));
        Assert.Throws<ArgumentOutOfRangeException>(() => GeoMath.EstimatedRttMs(London, new GeoPoint(0, 200)));
    }

    private static GeoPoint Point(string name) => name switch
    {
        "London" => London,
        "New York" => NewYork,
        "Sydney" => Sydney,
        "Tokyo" => Tokyo,
        "Paris" => Paris,
        "Berlin" => Berlin,
        "Los Angeles" => LosAngeles,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
