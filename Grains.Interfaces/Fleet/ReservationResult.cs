namespace Aitbc.Orleans.Fleet;

[GenerateSerializer, Immutable, Alias("aitbc.ReservationResult")]
public sealed record ReservationResult(
    [property: Id(0)] bool Accepted,
    [property: Id(1)] string? Reason,
    [property: Id(2)] GpuRoutingSummary? Summary);
