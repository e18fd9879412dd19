using System.Globalization;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Miner.Daemon;

namespace Aitbc.Orleans.Miner.Cli;

/// <summary>
/// Where the rig is, from <c>--location LAT,LON</c>, <c>--city NAME[,CC]</c> (the world-cities table) or the
/// configuration's Location. Geo-routing rests on it, so <c>run</c> refuses to start without one rather than place
/// the rig at (0, 0); the refusal names the city its time zone suggests.
/// </summary>
public static class MinerLocationResolver
{
    /// <summary>The location to use, or the message that explains how to give one.</summary>
    public static (MinerLocation? Location, string? Error) Resolve(
        string? location, string? city, MinerLocation? configured, string? configuredCity, string timeZoneId)
    {
        if (location is not null && city is not null)
        {
            return (null, "give either --location or --city, not both");
        }

        if (location is not null)
        {
            return ParseCoordinates(location);
        }

        if (city is not null)
        {
            return FindCity(city) is { } found
                ? (new MinerLocation { Latitude = found.Location.Latitude, Longitude = found.Location.Longitude }, null)
                : (null, $"'{city}' is not in the world-cities table; give --location LAT,LON instead (e.g. --location 50.11,8.68)");
        }

        if (configured is not null)
        {
            return GeoPoint.IsValidCoordinate(configured.Latitude, configured.Longitude)
                ? (configured, null)
                : (null, $"the configured location ({configured.Latitude}, {configured.Longitude}) is not a valid latitude/longitude");
        }

        if (!string.IsNullOrWhiteSpace(configuredCity))
        {
            return Resolve(null, configuredCity, null, null, timeZoneId);
        }

        return (null, MissingMessage(timeZoneId));
    }

    public static string MissingMessage(string timeZoneId)
    {
        var hint = CityForTimeZone(timeZoneId) is { } suggested
            ? $" This machine's time zone ({timeZoneId}) suggests --city {suggested.Name}."
            : "";
        return "This miner has no location, and geo-routing needs one: start it with --location LAT,LON (e.g. --location 50.11,8.68) " +
               "or --city NAME (a city from the world-cities table, e.g. --city Frankfurt), or set Location:Latitude and " +
               "Location:Longitude in its configuration (the installer asks for it)." + hint;
    }

    /// <summary>The most populous city of that name; "Name,CC" picks the country.</summary>
    public static WorldCity? FindCity(string query)
    {
        var parts = query.Split(',', 2, StringSplitOptions.TrimEntries);
        var name = parts[0];
        var country = parts.Length == 2 ? parts[1] : null;
        return WorldCities.All
            .Where(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)
                        && (country is null || string.Equals(c.CountryCode, country, StringComparison.OrdinalIgnoreCase)))
            .MaxBy(c => c.Population);
    }

    /// <summary>"Europe/Berlin" suggests Berlin: the last part of an IANA zone id is usually a city.</summary>
    public static WorldCity? CityForTimeZone(string timeZoneId)
    {
        var slash = timeZoneId.LastIndexOf('/');
        return slash < 0 ? null : FindCity(timeZoneId[(slash + 1)..].Replace('_', ' '));
    }

    private static (MinerLocation?, string?) ParseCoordinates(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)
            && GeoPoint.IsValidCoordinate(lat, lon))
        {
            return (new MinerLocation { Latitude = lat, Longitude = lon }, null);
        }

        return (null, $"--location '{text}' is not LAT,LON in degrees (latitude -90..90, longitude -180..180), e.g. --location 50.11,8.68");
    }
}
