using Aitbc.Orleans.Geo;
using Xunit;

namespace Aitbc.Orleans.Tests.Geo;

public sealed class WorldCitiesTests
{
    [Fact]
    public void Table_has_at_least_220_valid_unique_cities()
    {
        var cities = WorldCities.All;

        Assert.True(cities.Count >= 220, $"only {cities.Count} cities");
        Assert.All(cities, city =>
        {
            Assert.True(city.Location.IsValid, city.Name);
            Assert.True(city.Population > 0, city.Name);
            Assert.False(string.IsNullOrWhiteSpace(city.Name));
            Assert.Matches("^[A-Z]{2}$", city.CountryCode);
        });
        var duplicates = cities.GroupBy(c => (c.Name, c.CountryCode)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
        var samePlace = cities.GroupBy(c => c.Location).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(samePlace);
    }

    [Fact]
    public void Every_continent_is_covered_with_weight_where_consumer_gpus_are()
    {
        var countries = WorldCities.All.Select(c => c.CountryCode).ToHashSet();
        string[] spread = ["US", "CA", "MX", "BR", "AR", "GB", "DE", "FR", "PL", "JP", "KR", "CN", "TW", "IN", "SG", "ID", "AE", "IL", "NG", "ZA", "KE", "EG", "AU", "NZ"];
        Assert.All(spread, code => Assert.Contains(code, countries));

        var northernHemisphereRich = WorldCities.All.Count(c => c.CountryCode is "US" or "CA" or "JP" or "KR" or "CN" or "TW" or "DE" or "GB" or "FR");
        Assert.True(northernHemisphereRich >= 100, $"{northernHemisphereRich} cities in the main GPU markets");
    }

    [Fact]
    public void Known_city_is_parsed_exactly()
    {
        var london = Assert.Single(WorldCities.All, c => c.Name == "London");

        Assert.Equal("GB", london.CountryCode);
        Assert.Equal(new GeoPoint(51.5074, -0.1278), london.Location);
        Assert.Equal(14_800_000, london.Population);
    }

    [Fact]
    public void Sampling_by_population_favours_big_cities()
    {
        var rng = new Random(20240611);
        var counts = new Dictionary<WorldCity, int>();
        const int draws = 200_000;
        for (var i = 0; i < draws; i++)
        {
            var city = WorldCities.SampleByPopulation(rng);
            counts[city] = counts.GetValueOrDefault(city) + 1;
        }

        var total = WorldCities.All.Sum(c => c.Population);
        var tokyo = Assert.Single(WorldCities.All, c => c.Name == "Tokyo");
        var expectedTokyo = (double)tokyo.Population / total * draws;
        // ±5 standard deviations of a binomial count: a fixed seed makes this deterministic, the margin makes it honest.
        var sigma = Math.Sqrt(expectedTokyo * (1 - ((double)tokyo.Population / total)));
        Assert.InRange(counts.GetValueOrDefault(tokyo), expectedTokyo - (5 * sigma), expectedTokyo + (5 * sigma));

        var bigCities = WorldCities.All.Where(c => c.Population >= 10_000_000).ToList();
        var smallCities = WorldCities.All.Where(c => c.Population <= 500_000).ToList();
        var perBigCity = bigCities.Average(c => counts.GetValueOrDefault(c));
        var perSmallCity = smallCities.Average(c => counts.GetValueOrDefault(c));
        Assert.True(perBigCity > 20 * perSmallCity, $"big {perBigCity:0.0} vs small {perSmallCity:0.0} draws per city");

        var darwin = Assert.Single(WorldCities.All, c => c.Name == "Darwin");
        Assert.True(counts.GetValueOrDefault(darwin) < counts.GetValueOrDefault(tokyo) / 50);
    }

    [Fact]
    public void Same_seed_gives_same_sequence()
    {
        var first = Enumerable.Range(0, 50).Select(_ => WorldCities.SampleByPopulation(new Random(7))).ToList();
        var a = new Random(99);
        var b = new Random(99);

        Assert.Equal(
            Enumerable.Range(0, 100).Select(_ => WorldCities.SampleByPopulation(a).Name),
            Enumerable.Range(0, 100).Select(_ => WorldCities.SampleByPopulation(b).Name));
        Assert.Single(first.Distinct());
    }

    [Fact]
    public void Nearest_city_to_a_point_in_the_suburbs()
    {
        Assert.Equal("Munich", WorldCities.Nearest(new GeoPoint(48.20, 11.65)).Name);
        Assert.Equal("Osaka", WorldCities.Nearest(new GeoPoint(34.70, 135.48)).Name);
    }

    [Fact]
    public void Parse_skips_comments_and_header_and_rejects_bad_rows()
    {
        const string csv = "# comment\nname,country,latitude,longitude,population\nA,AA,1.5,2.5,10\r\n\nB,BB,-3,4,20\n";

        var cities = WorldCities.Parse(csv);

        Assert.Equal([new WorldCity("A", "AA", new GeoPoint(1.5, 2.5), 10), new WorldCity("B", "BB", new GeoPoint(-3, 4), 20)], cities);
        Assert.Throws<InvalidDataException>(() => WorldCities.Parse("h\nA,AA,95,0,10\n"));
        Assert.Throws<InvalidDataException>(() => WorldCities.Parse("h\nA,AA,1,2\n"));
        Assert.Throws<InvalidDataException>(() => WorldCities.Parse("h\nA,AA,1,2,0\n"));
    }
}
