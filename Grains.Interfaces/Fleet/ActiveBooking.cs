namespace Aitbc.Orleans.Fleet;

[GenerateSerializer, Immutable, Alias("aitbc.ActiveBooking")]
public sealed record ActiveBooking(
    [property: Id(0)] string BookingId,
    [property: Id(1)] string? JobId,
    [property: Id(2)] DateTimeOffset LeaseUntil,
    [property: Id(3)] bool Exclusive,
    [property: Id(4)] DateTimeOffset? StartsAt = null)
{
    /// <summary>Whether the booking holds the GPU at <paramref name="now"/> (a booking without a start holds it from when it was taken).</summary>
    public bool HoldsAt(DateTimeOffset now) => (StartsAt is null || StartsAt <= now) && now < LeaseUntil;

    /// <summary>Whether the booking holds the GPU at any time in [<paramref name="from"/>, <paramref name="until"/>).</summary>
    public bool Overlaps(DateTimeOffset from, DateTimeOffset until) => (StartsAt is null || StartsAt < until) && from < LeaseUntil;
}
