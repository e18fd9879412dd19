namespace Aitbc.Orleans.Fleet;

/// <summary>
/// Ask a GPU to hold a slot for a job (JobId set) or, exclusively, a booking's window [StartsAt, LeaseUntil) (StartsAt
/// null: from now). A job under a booking names it in UnderBookingId and may use only that booking's window.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.ReservationRequest")]
public sealed record ReservationRequest(
    [property: Id(0)] string BookingId,
    [property: Id(1)] string? JobId,
    [property: Id(2)] DateTimeOffset LeaseUntil,
    [property: Id(3)] bool Exclusive = false,
    [property: Id(4)] bool RequireAttestation = false,
    [property: Id(5)] DateTimeOffset? StartsAt = null,
    [property: Id(6)] string? UnderBookingId = null);
