namespace Aitbc.Orleans.Fleet;

/// <summary>Ask a GPU to hold a slot for a job (JobId set) or a rental window (Until set).</summary>
[GenerateSerializer, Immutable, Alias("aitbc.ReservationRequest")]
public sealed record ReservationRequest(
    [property: Id(0)] string BookingId,
    [property: Id(1)] string? JobId,
    [property: Id(2)] DateTimeOffset LeaseUntil,
    [property: Id(3)] bool Exclusive = false,
    [property: Id(4)] bool RequireAttestation = false);
