using System.Globalization;
using Aitbc.Orleans.Gateway.Contracts;
using Aitbc.Orleans.Gateway.Validation;
using Aitbc.Orleans.Jobs;
using Google.Protobuf.WellKnownTypes;
using V1 = Aitbc.Orleans.Gateway.Rpc.V1;

namespace Aitbc.Orleans.Gateway.Rpc;

/// <summary>Booking messages to and from the shared request and domain types.</summary>
public static class BookingRpcMapping
{
    public static BookingRequestBody ToBody(V1.CreateBookingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        decimal? cap = null;
        if (request.MaxPricePerHour.Length > 0)
        {
            if (!decimal.TryParse(request.MaxPricePerHour, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed))
            {
                throw GatewayRequestException.Invalid("maxPricePerHour", "must be a decimal number such as \"0.5\"");
            }

            cap = parsed;
        }

        return new BookingRequestBody
        {
            GpuId = RpcMapping.Blank(request.GpuId),
            GpuClass = RpcMapping.Blank(request.GpuClass),
            Region = RpcMapping.Blank(request.Region),
            StartsAt = request.StartsAt?.ToDateTimeOffset(),
            EndsAt = request.EndsAt?.ToDateTimeOffset(),
            MaxPricePerHour = cap,
            IdempotencyKey = RpcMapping.Blank(request.IdempotencyKey),
        };
    }

    public static V1.Booking ToBooking(BookingView view, string currency, bool replayed = false)
    {
        var response = BookingResponse.From(view, currency);
        var booking = new V1.Booking
        {
            BookingId = response.BookingId,
            Status = response.Status,
            GpuId = response.GpuId ?? "",
            GpuClass = response.GpuClass ?? "",
            Region = response.Region ?? "",
            PricePerHour = RpcMapping.Text(response.PricePerHour),
            Price = RpcMapping.Text(response.Price),
            Charged = RpcMapping.Text(response.Charged),
            Refunded = RpcMapping.Text(response.Refunded),
            Currency = response.Currency,
            Reason = response.Reason ?? "",
            RefundPolicy = response.RefundPolicy,
            Replayed = replayed,
        };
        if (response.StartsAt is { } start)
        {
            booking.StartsAt = Timestamp.FromDateTimeOffset(start);
        }

        if (response.EndsAt is { } end)
        {
            booking.EndsAt = Timestamp.FromDateTimeOffset(end);
        }

        return booking;
    }
}
