using Aitbc.Orleans.Gateway.Bookings;
using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Gateway.Security;
using Aitbc.Orleans.Gateway.Validation;
using Aitbc.Orleans.Pricing;
using Grpc.Core;
using Microsoft.Extensions.Options;
using V1 = Aitbc.Orleans.Gateway.Rpc.V1;

namespace Aitbc.Orleans.Gateway.Rpc;

/// <summary>The gRPC face of <see cref="BookingService"/>; refusals become gRPC statuses in <see cref="RpcExceptionInterceptor"/>.</summary>
public sealed class BookingsRpcService(BookingService bookings, IOptions<PricingOptions> pricing, IOptions<GatewayOptions> options) : V1.Bookings.BookingsBase
{
    private string Currency => pricing.Value.Currency;

    public override async Task<V1.Booking> Create(V1.CreateBookingRequest request, ServerCallContext context)
    {
        var booked = await bookings.CreateAsync(CallerOf(context), BookingRpcMapping.ToBody(request));
        return BookingRpcMapping.ToBooking(booked.View, Currency, booked.Replayed);
    }

    public override async Task<V1.Booking> Get(V1.BookingRef request, ServerCallContext context) =>
        BookingRpcMapping.ToBooking(await bookings.GetAsync(CallerOf(context), request.BookingId), Currency);

    public override async Task<V1.BookingList> List(V1.ListBookingsRequest request, ServerCallContext context)
    {
        var limit = request.Limit == 0 ? 50 : request.Limit;
        if (limit < 1 || limit > options.Value.MaxPageSize)
        {
            throw GatewayRequestException.Invalid("limit", $"must be from 1 to {options.Value.MaxPageSize}");
        }

        var list = new V1.BookingList();
        list.Bookings.AddRange((await bookings.ListAsync(CallerOf(context), limit)).Select(v => BookingRpcMapping.ToBooking(v, Currency)));
        return list;
    }

    public override async Task<V1.Booking> Cancel(V1.BookingRef request, ServerCallContext context) =>
        BookingRpcMapping.ToBooking(await bookings.CancelAsync(CallerOf(context), request.BookingId), Currency);

    private static Caller CallerOf(ServerCallContext context) => Caller.From(context.GetHttpContext().User);
}
