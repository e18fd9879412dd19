using Aitbc.Orleans.Miner.Cli;
using Aitbc.Orleans.Miner.Daemon;

namespace Aitbc.Orleans.Tests.Miner.Daemon;

/// <summary>Issue #14, acceptance 3 (the resolver; MinerProcessTests runs the real command): a rig says where it is or does not start.</summary>
public sealed class MinerLocationTests
{
    [Fact]
    public void Without_a_location_the_refusal_says_how_to_give_one_and_which_city_the_time_zone_suggests()
    {
        var (location, error) = MinerLocationResolver.Resolve(null, null, null, null, "Europe/Berlin");

        Assert.Null(location);
        Assert.Contains("--location LAT,LON", error, StringComparison.Ordinal);
        Assert.Contains("--city NAME", error, StringComparison.Ordinal);
        Assert.Contains("time zone (Europe/Berlin) suggests --city Berlin", error, StringComparison.Ordinal);
        Assert.DoesNotContain("suggests", MinerLocationResolver.MissingMessage("UTC"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_city_from_the_table_or_coordinates_place_the_miner()
    {
        var (frankfurt, _) = MinerLocationResolver.Resolve(null, "frankfurt", null, null, "UTC");
        Assert.Equal(50.11, frankfurt!.Latitude, 1);
        Assert.Equal(8.68, frankfurt.Longitude, 1);

        var (explicitPoint, _) = MinerLocationResolver.Resolve("-33.87, 151.21", null, new MinerLocation { Latitude = 1, Longitude = 1 }, null, "UTC");
        Assert.Equal((-33.87, 151.21), (explicitPoint!.Latitude, explicitPoint.Longitude));

        var configured = new MinerLocation { Latitude = 48.85, Longitude = 2.35 };
        Assert.Same(configured, MinerLocationResolver.Resolve(null, null, configured, "Berlin", "UTC").Location);
        var (installed, _) = MinerLocationResolver.Resolve(null, null, null, "Frankfurt,DE", "UTC"); // what the installers write
        Assert.Equal(50.11, installed!.Latitude, 1);
    }

    [Theory]
    [InlineData("91,0", null, "is not LAT,LON")]
    [InlineData("fifty,eight", null, "is not LAT,LON")]
    [InlineData(null, "Atlantis", "is not in the world-cities table")]
    [InlineData("50,8", "Frankfurt", "either --location or --city")]
    public void Bad_locations_are_refused_with_the_reason(string? location, string? city, string reason)
    {
        var (found, error) = MinerLocationResolver.Resolve(location, city, null, null, "UTC");
        Assert.Null(found);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
