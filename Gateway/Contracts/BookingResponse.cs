using Aitbc.Orleans.Jobs;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>
/// A booking. status: pending, scheduled (holds its window, not started yet), active, cancelled, released, expired or
/// rejected. price was held up front; charged is what is kept (while the booking runs: what would be kept if it ran to
/// the end); refunded went back. Refund policy: refundPolicy.
/// </summary>
public sealed record BookingResponse(
    string BookingId,
    string Status,
    string? GpuId,
    string? GpuClass,
    string? Region,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    decimal PricePerHour,
    decimal Price,
    decimal Charged,
    decimal Refunded,
    string Currency,
    string? Reason,
    string RefundPolicy)
{
    public const string Policy =
        "Cancelled before startsAt: everything is refunded. Cancelled after startsAt: the started hours are charged (at least one), the rest refunded. Runs to endsAt: expires, nothing refunded.";

    public static BookingResponse From(BookingView view, string currency)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(
            view.BookingId, view.StatusName, string.IsNullOrEmpty(view.GpuId) ? null : view.GpuId, view.GpuClass, view.Region,
            view.StartsAt, view.LeaseUntil, view.PricePerHour, view.Paid, view.Charged, view.Refunded, currency, view.Reason, Policy);
    }
}
