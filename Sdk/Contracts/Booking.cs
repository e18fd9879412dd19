namespace Aitbc.Orleans.Sdk.Contracts;

/// <summary>
/// A booking of a whole GPU for [<see cref="StartsAt"/>, <see cref="EndsAt"/>). Status: pending, scheduled, active,
/// cancelled, released, expired or rejected. <see cref="Price"/> was held up front; <see cref="Charged"/> is kept and
/// <see cref="Refunded"/> went back, under <see cref="RefundPolicy"/>.
/// </summary>
public sealed record Booking
{
    public required string BookingId { get; init; }

    public string Status { get; init; } = "";

    public string? GpuId { get; init; }

    public string? GpuClass { get; init; }

    public string? Region { get; init; }

    public DateTimeOffset? StartsAt { get; init; }

    public DateTimeOffset? EndsAt { get; init; }

    public decimal PricePerHour { get; init; }

    public decimal Price { get; init; }

    public decimal Charged { get; init; }

    public decimal Refunded { get; init; }

    public string Currency { get; init; } = "";

    public string? Reason { get; init; }

    public string RefundPolicy { get; init; } = "";
}
