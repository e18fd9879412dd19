namespace Aitbc.Orleans.Jobs;

/// <summary>
/// A booking as its tenant sees it. StartsAt and LeaseUntil bound the window; Paid is what was held up front,
/// Charged what is (or will be, while active) kept, Refunded what went back.
/// </summary>
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
    [property: Id(8)] string? Reason,
    [property: Id(9)] decimal Paid = 0,
    [property: Id(10)] decimal PricePerHour = 0,
    [property: Id(11)] BookingRejection Rejection = BookingRejection.None,
    [property: Id(12)] string? GpuClass = null,
    [property: Id(13)] string? Region = null,
    [property: Id(14)] bool Settled = false,
    [property: Id(15)] bool Started = true)
{
    /// <summary>The API's status name: an active booking whose window has not started (by the cluster's clock) is "scheduled".</summary>
    public string StatusName => Status == BookingStatus.Active && !Started ? "scheduled" : Status.ToString().ToLowerInvariant();
}
