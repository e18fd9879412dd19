namespace Aitbc.Orleans.Fleet;

[GenerateSerializer, Immutable, Alias("aitbc.ActiveBooking")]
public sealed record ActiveBooking(
    [property: Id(0)] string BookingId,
    [property: Id(1)] string? JobId,
    [property: Id(2)] DateTimeOffset LeaseUntil,
    [property: Id(3)] bool Exclusive);
