namespace Aitbc.Orleans.Jobs;

/// <summary>
/// A booking of a whole GPU for the window [StartsAt, StartsAt + Duration): one GPU by id, or (GpuId empty) any GPU of
/// the class GpuClass in the region Region. PricePerHour caps the hourly rate the tenant accepts; the rate charged is
/// the cluster's (see <see cref="IBookingGrain"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.RentalRequest")]
public sealed record RentalRequest(
    [property: Id(0)] string TenantAccountId,
    [property: Id(1)] string GpuId,
    [property: Id(2)] TimeSpan Duration,
    [property: Id(3)] decimal PricePerHour,
    [property: Id(4)] DateTimeOffset? StartsAt = null,
    [property: Id(5)] string? GpuClass = null,
    [property: Id(6)] string? Region = null);
