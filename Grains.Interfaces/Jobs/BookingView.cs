namespace Aitbc.Orleans.Jobs;

[GenerateSerializer, Immutable, Alias("aitbc.BookingView")]
public sealed record BookingView(
    [property: Id(0)] string BookingId,
    [property: Id(1)] string TenantAccountId,
    [property: Id(2)] string GpuId,
    [property: Id(3)] BookingStatus Status,
    [property: Id(4)] DateTimeOffset? StartsAt,
    [property: Id(5)] DateTimeOffset? LeaseUntil,
    [property: Id(6)] decimal Charged,
    [property: Id(7)] decimal Refunded,
    [property: Id(8)] string? Reason);
