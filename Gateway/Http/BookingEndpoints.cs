using Aitbc.Orleans.Gateway.Bookings;
using Aitbc.Orleans.Gateway.Contracts;
using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Gateway.Security;
using Aitbc.Orleans.Gateway.Validation;
using Aitbc.Orleans.Pricing;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Aitbc.Orleans.Gateway.Http;

/// <summary>/v1/bookings: book a whole GPU for a time window, read, list and cancel (refund policy on <see cref="BookingResponse"/>).</summary>
public static class BookingEndpoints
{
    public static RouteGroupBuilder MapBookingEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapPost("/bookings", Create).RequireSubmitter().WithName("CreateBooking")
            .WithSummary("Book a GPU, or a GPU class in a region, for a time window; the price is held up front")
            .WithDescription("The hourly rate is the larger of the owner's price floor and the base rate per GPU-hour; the price is the rate " +
                             "times the window's started hours, held in escrow at once. 409 when the GPU is booked or busy in that window " +
                             "(nothing is charged) or its rate is above maxPricePerHour; 402 without the funds. Jobs submitted with " +
                             "bookingId run on the booked GPU within the window. " + BookingResponse.Policy)
            .Accepts<BookingRequestBody>("application/json")
            .Produces<BookingResponse>(StatusCodes.Status201Created).Produces<BookingResponse>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status402PaymentRequired).ProducesProblem(StatusCodes.Status409Conflict);

        v1.MapGet("/bookings", List).RequireSubmitter().WithName("ListBookings")
            .WithSummary("The caller's most recent bookings, newest first")
            .WithQueryParameter("limit", JsonSchemaType.Integer, "How many bookings (1 to the gateway's MaxPageSize, default 50)")
            .Produces<IReadOnlyList<BookingResponse>>().ProducesValidationProblem();

        v1.MapGet("/bookings/{id}", Get).RequireSubmitter().WithName("GetBooking")
            .WithSummary("A booking: its GPU, window, status and money")
            .Produces<BookingResponse>().ProducesProblem(StatusCodes.Status404NotFound);

        v1.MapDelete("/bookings/{id}", Cancel).RequireSubmitter().WithName("CancelBooking")
            .WithSummary("Cancel a booking under the refund policy; an ended booking is returned unchanged")
            .WithDescription(BookingResponse.Policy)
            .Produces<BookingResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        return v1;
    }

    private static async Task<IResult> Create(HttpContext http, BookingService bookings, IOptions<PricingOptions> pricing)
    {
        var body = await JsonRequestReader.ReadAsync<BookingRequestBody>(http.Request, http.RequestAborted);
        var booked = await bookings.CreateAsync(Caller.From(http.User), body);
        var response = BookingResponse.From(booked.View, pricing.Value.Currency);
        if (booked.Replayed)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
            http.Response.Headers.Location = $"/v1/bookings/{booked.View.BookingId}";
            return TypedResults.Ok(response);
        }

        return TypedResults.Created($"/v1/bookings/{booked.View.BookingId}", response);
    }

    private static async Task<IResult> List(HttpContext http, BookingService bookings, IOptions<GatewayOptions> options, IOptions<PricingOptions> pricing)
    {
        var errors = new ValidationErrors();
        var limit = QueryReader.Int(http.Request, errors, "limit", 1, options.Value.MaxPageSize) ?? 50;
        errors.ThrowIfAny();
        var views = await bookings.ListAsync(Caller.From(http.User), limit);
        return TypedResults.Ok(views.Select(v => BookingResponse.From(v, pricing.Value.Currency)).ToArray());
    }

    private static async Task<IResult> Get(HttpContext http, string id, BookingService bookings, IOptions<PricingOptions> pricing) =>
        TypedResults.Ok(BookingResponse.From(await bookings.GetAsync(Caller.From(http.User), id), pricing.Value.Currency));

    private static async Task<IResult> Cancel(HttpContext http, string id, BookingService bookings, IOptions<PricingOptions> pricing) =>
        TypedResults.Ok(BookingResponse.From(await bookings.CancelAsync(Caller.From(http.User), id), pricing.Value.Currency));
}
