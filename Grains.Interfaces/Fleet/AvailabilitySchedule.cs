namespace Aitbc.Orleans.Fleet;

/// <summary>When the owner lets the GPU work, in the owner's IANA time zone. No windows means always.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.AvailabilitySchedule")]
public sealed record AvailabilitySchedule(
    [property: Id(0)] string TimeZoneId,
    [property: Id(1)] IReadOnlyList<AvailabilityWindow> Windows)
{
    public static AvailabilitySchedule Always { get; } = new("UTC", []);

    public bool IsOpen(DateTimeOffset utcNow)
    {
        if (Windows.Count == 0)
        {
            return true;
        }

        var zone = TryFindZone(TimeZoneId) ?? TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(utcNow, zone).DateTime;
        return Windows.Any(w => w.Contains(local));
    }

    public static TimeZoneInfo? TryFindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            return null;
        }
        catch (InvalidTimeZoneException)
        {
            return null;
        }
    }
}
