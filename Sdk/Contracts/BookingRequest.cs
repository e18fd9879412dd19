namespace Aitbc.Orleans.Sdk.Contracts;

/// <summary>POST /v1/bookings: a GPU (<see cref="GpuId"/>), or a class in a region, for [<see cref="StartsAt"/>, <see cref="EndsAt"/>).</summary>
public sealed record BookingRequest
{
    public string? GpuId { get; init; }

    /// <summary>A GPU profile name (GET /v1/profiles), with <see cref="Region"/>.</summary>
    public string? GpuClass { get; init; }

    public string? Region { get; init; }

    public required DateTimeOffset StartsAt { get; init; }

    public required DateTimeOffset EndsAt { get; init; }

    /// <summary>Refused (409) if the GPU's hourly rate is above this.</summary>
    public decimal? MaxPricePerHour { get; init; }

    /// <summary>Retries with the same key return the booking the first request made; the client fills in a fresh key when null.</summary>
    public string? IdempotencyKey { get; init; }
}
