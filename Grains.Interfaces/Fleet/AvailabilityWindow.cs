namespace Aitbc.Orleans.Fleet;

/// <summary>A daily window in the owner's local time. End before Start wraps past midnight (22:00-06:00).</summary>
[GenerateSerializer, Immutable, Alias("aitbc.AvailabilityWindow")]
public sealed record AvailabilityWindow(
    [property: Id(0)] TimeOnly Start,
    [property: Id(1)] TimeOnly End,
    [property: Id(2)] IReadOnlyList<DayOfWeek>? Days = null)
{
    public bool Contains(DateTime localTime)
    {
        var t = TimeOnly.FromDateTime(localTime);
        if (Start == End)
        {
            return DayMatches(localTime.DayOfWeek);
        }

        if (Start < End)
        {
            return DayMatches(localTime.DayOfWeek) && t >= Start && t < End;
        }

        // Wrapping window: the part after midnight belongs to the previous day's window.
        return t >= Start ? DayMatches(localTime.DayOfWeek) : t < End && DayMatches(localTime.AddDays(-1).DayOfWeek);
    }

    private bool DayMatches(DayOfWeek day) => Days is null || Days.Count == 0 || Days.Contains(day);
}
