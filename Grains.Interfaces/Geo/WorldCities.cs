using System.Globalization;

namespace Aitbc.Orleans.Geo;

/// <summary>
/// The embedded world-cities table: used to place simulated miners and buyers where people (and consumer GPUs) are,
/// and to name the nearest city to a reported location.
/// </summary>
public static class WorldCities
{
    public const string ResourceName = "Aitbc.Orleans.Geo.world-cities.csv";

    private static readonly Lazy<Table> Loaded = new(() => new Table(Parse(ReadEmbeddedCsv())));

    /// <summary>Every city, in file order.</summary>
    public static IReadOnlyList<WorldCity> All => Loaded.Value.Cities;

    /// <summary>A city chosen with probability proportional to its population.</summary>
    public static WorldCity SampleByPopulation(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var table = Loaded.Value;
        // Binary search over cumulative populations: the first city whose running total exceeds the draw.
        var draw = rng.NextInt64(table.TotalPopulation);
        var index = Array.BinarySearch(table.CumulativePopulation, draw);
        index = index >= 0 ? index + 1 : ~index;
        return table.Cities[index];
    }

    /// <summary>The city closest to <paramref name="point"/> by great-circle distance.</summary>
    public static WorldCity Nearest(GeoPoint point) => All.MinBy(city => GeoMath.HaversineKm(point, city.Location))!;

    /// <summary>Parses the table format: '#' comment lines, a header, then name,country,latitude,longitude,population.</summary>
    public static IReadOnlyList<WorldCity> Parse(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var cities = new List<WorldCity>();
        var headerSeen = false;
        var lineNumber = 0;
        foreach (var rawLine in csv.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (!headerSeen)
            {
                headerSeen = true;
                continue;
            }

            cities.Add(ParseRow(line, lineNumber));
        }

        return cities;
    }

    private static WorldCity ParseRow(string line, int lineNumber)
    {
        var fields = line.Split(',');
        if (fields.Length != 5
            || !double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var latitude)
            || !double.TryParse(fields[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var longitude)
            || !long.TryParse(fields[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out var population))
        {
            throw new InvalidDataException($"world-cities line {lineNumber} is not name,country,latitude,longitude,population: '{line}'.");
        }

        var location = new GeoPoint(latitude, longitude);
        if (!location.IsValid || population <= 0)
        {
            throw new InvalidDataException($"world-cities line {lineNumber} has an invalid location or population: '{line}'.");
        }

        return new WorldCity(fields[0].Trim(), fields[1].Trim(), location, population);
    }

    private static string ReadEmbeddedCsv()
    {
        using var stream = typeof(WorldCities).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private sealed class Table
    {
        public Table(IReadOnlyList<WorldCity> cities)
        {
            Cities = cities;
            CumulativePopulation = new long[cities.Count];
            long running = 0;
            for (var i = 0; i < cities.Count; i++)
            {
                running += cities[i].Population;
                CumulativePopulation[i] = running;
            }

            TotalPopulation = running;
        }

        public IReadOnlyList<WorldCity> Cities { get; }
        public long[] CumulativePopulation { get; }
        public long TotalPopulation { get; }
    }
}
