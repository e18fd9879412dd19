using System.CommandLine;
using Aitbc.Orleans.Cli.Output;
using Aitbc.Orleans.Sdk.Contracts;

namespace Aitbc.Orleans.Cli.Commands;

/// <summary>bookings create, get, list and cancel.</summary>
public static class BookingCommands
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var bookings = new Command("bookings", "Book a whole GPU for a time window, and read, list or cancel bookings");
        bookings.Subcommands.Add(Book(context));
        bookings.Subcommands.Add(context.ById("get", "Print a booking: GPU, window, status and money", "booking", (client, id, ct) => client.GetBookingAsync(id, ct)));
        bookings.Subcommands.Add(List(context));
        bookings.Subcommands.Add(context.ById("cancel", "Cancel a booking: all refunded before it starts, the unused hours after", "booking",
            (client, id, ct) => client.CancelBookingAsync(id, ct)));
        return bookings;
    }

    private static Command Book(CliContext context)
    {
        var gpu = new Option<string?>("--gpu") { Description = "The GPU to book (or --class and --region)" };
        var gpuClass = new Option<string?>("--class") { Description = "A GPU class (GET /v1/profiles), with --region" };
        var region = new Option<string?>("--region") { Description = "A region id (GET /v1/regions)" };
        var start = new Option<DateTimeOffset?>("--start") { Description = "The window's start (ISO 8601; default: now)" };
        var hours = new Option<double>("--hours") { Description = "The window's length in hours", Required = true };
        var maxPrice = new Option<decimal?>("--max-price-per-hour") { Description = "Refuse a GPU whose hourly rate is higher" };
        var idempotencyKey = new Option<string?>("--idempotency-key") { Description = "Makes rerunning this command safe (default: a fresh key)" };
        var command = new Command("create", "Book a GPU, or a GPU class in a region; the price is held at once")
        {
            gpu, gpuClass, region, start, hours, maxPrice, idempotencyKey,
        };
        command.SetAction((parse, ct) => context.Run(async () =>
        {
            using var client = context.Client(parse);
            var from = parse.GetValue(start) ?? DateTimeOffset.UtcNow;
            var booking = await client.CreateBookingAsync(new BookingRequest
            {
                GpuId = parse.GetValue(gpu),
                GpuClass = parse.GetValue(gpuClass),
                Region = parse.GetValue(region),
                StartsAt = from,
                EndsAt = from + TimeSpan.FromHours(parse.GetValue(hours)),
                MaxPricePerHour = parse.GetValue(maxPrice),
                IdempotencyKey = parse.GetValue(idempotencyKey),
            }, ct);
            JsonOutput.Write(context.Console.Out, booking);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command List(CliContext context)
    {
        var limit = new Option<int?>("--limit") { Description = "How many (default 50)" };
        var command = new Command("list", "The caller's most recent bookings, newest first") { limit };
        command.SetAction((parse, ct) => context.Run(async () =>
        {
            using var client = context.Client(parse);
            JsonOutput.Write(context.Console.Out, await client.ListBookingsAsync(parse.GetValue(limit), ct));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
