namespace Aitbc.Orleans.Jobs;

/// <summary>Duration-based rental of a whole GPU.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.RentalRequest")]
public sealed record RentalRequest(
    [property: Id(0)] string TenantAccountId,
    [property: Id(1)] string GpuId,
    [property: Id(2)] TimeSpan Duration,
    [property: Id(3)] decimal PricePerHour);
