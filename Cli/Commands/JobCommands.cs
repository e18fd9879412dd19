using System.CommandLine;
using Aitbc.Orleans.Cli.Output;
using Aitbc.Orleans.Sdk;
using Aitbc.Orleans.Sdk.Contracts;

namespace Aitbc.Orleans.Cli.Commands;

/// <summary>quote, submit, watch, get and cancel.</summary>
public static class JobCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        yield return Quote(context);
        yield return Submit(context);
        yield return Watch(context);
        yield return context.ById("get", "Print a job: status, outputs, GPU, region, price and timings", "job", (client, id, ct) => client.GetJobAsync(id, ct));
        yield return context.ById("cancel", "Cancel a job (a finished job is printed unchanged)", "job", (client, id, ct) => client.CancelJobAsync(id, ct));
    }

    public static Option<string> ModelOption() => new("--model") { Description = "Model id (m-...)", Required = true };

    public static Option<LatencyClass> LatencyOption() => new("--latency")
    {
        Description = "realtime, fast, standard or economy",
        DefaultValueFactory = _ => LatencyClass.Standard,
    };

    private static Command Quote(CliContext context)
    {
        var model = ModelOption();
        var latency = LatencyOption();
        var location = CliContext.LocationOption();
        var jobType = new Option<JobType?>("--job-type") { Description = "inference (default) or training" };
        var complexity = new Option<double?>("--complexity") { Description = "Units of work (default 1)" };
        var command = new Command("quote", "Price one job of a model near a location (the quote pays for it until it expires)")
        {
            model, latency, location, jobType, complexity,
        };
        command.SetAction((parse, ct) => context.Run(async () =>
        {
            using var client = context.Client(parse);
            var quote = await client.CreateQuoteAsync(new QuoteRequest
            {
                ModelId = parse.GetValue(model)!,
                LatencyClass = parse.GetValue(latency),
                Client = context.Location(parse, location),
                JobType = parse.GetValue(jobType),
                Complexity = parse.GetValue(complexity),
            }, ct);
            JsonOutput.Write(context.Console.Out, quote);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Submit(CliContext context)
    {
        var model = ModelOption();
        var input = new Option<string>("--input") { Description = "File of inputs in the API's shape ({\"name\": {type, shape, data}}), or - for standard input", Required = true };
        var quote = new Option<string?>("--quote") { Description = "Pay with this quote (else one is asked for, unless --max-price)" };
        var maxPrice = new Option<decimal?>("--max-price") { Description = "Pay the market price, at most this" };
        var latency = LatencyOption();
        var location = CliContext.LocationOption();
        var wait = new Option<double>("--wait") { Description = "Seconds to wait for the result (0: return at once)" };
        var idempotencyKey = new Option<string?>("--idempotency-key") { Description = "Makes resubmitting this command safe (default: a fresh key)" };
        var preferCloud = new Option<bool>("--prefer-cloud") { Description = "Run on the platform's cloud pool" };
        var attested = new Option<bool>("--require-attestation") { Description = "Only GPUs registered as attested" };
        var booking = new Option<string?>("--booking") { Description = "Run on this booking's GPU (give --max-price; the booking pays)" };
        var command = new Command("submit", "Submit an inference job; with --wait, show its progress and print the result")
        {
            model, input, quote, maxPrice, latency, location, wait, idempotencyKey, preferCloud, attested, booking,
        };
        command.SetAction((parse, ct) => context.Run(async () =>
        {
            var inputs = InputFile.Read(parse.GetValue(input)!, context.Console);
            using var client = context.Client(parse);
            var request = new JobRequest
            {
                ModelId = parse.GetValue(model)!,
                Inputs = inputs,
                LatencyClass = parse.GetValue(latency),
                Client = context.Location(parse, location),
                MaxPrice = parse.GetValue(maxPrice),
                IdempotencyKey = parse.GetValue(idempotencyKey),
                PreferCloud = parse.GetValue(preferCloud) ? true : null,
                RequireAttestation = parse.GetValue(attested) ? true : null,
                BookingId = parse.GetValue(booking),
            };
            request = request with { QuoteId = parse.GetValue(quote) ?? (request.MaxPrice is null ? await QuoteFor(context, client, request, ct) : null) };
            var seconds = parse.GetValue(wait);
            Job job;
            if (seconds > 0)
            {
                using var progress = new ProgressDisplay(context.Console, "job");
                job = await client.SubmitAndWaitAsync(request, TimeSpan.FromSeconds(seconds), progress, ct);
            }
            else
            {
                job = await client.SubmitJobAsync(request, ct);
            }

            JsonOutput.Write(context.Console.Out, job);
            return seconds > 0 ? ExitCodes.For(job) : ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Neither a quote nor a price cap: ask for a quote and say what it costs.</summary>
    public static async Task<string> QuoteFor(CliContext context, AitbcClient client, JobRequest request, CancellationToken ct)
    {
        var quote = await client.CreateQuoteAsync(new QuoteRequest
        {
            ModelId = request.ModelId,
            LatencyClass = request.LatencyClass,
            Client = request.Client,
            JobType = request.JobType,
            Complexity = request.Complexity,
        }, ct);
        context.Console.Error.WriteLine($"quote {quote.QuoteId}: {quote.Price} {quote.Currency} in {quote.Region}, valid until {quote.ExpiresAt:u}");
        return quote.QuoteId;
    }

    private static Command Watch(CliContext context)
    {
        var id = new Argument<string>("job") { Description = "Job id (j-...)" };
        var timeout = new Option<double?>("--timeout") { Description = "Stop watching after this many seconds (default: until the job ends)" };
        var command = new Command("watch", "Follow a job's status changes until it ends, then print it") { id, timeout };
        command.SetAction((parse, ct) => context.Run(async () =>
        {
            using var client = context.Client(parse);
            using var progress = new ProgressDisplay(context.Console, "job");
            var limit = parse.GetValue(timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan;
            var job = await client.WaitForJobAsync(parse.GetValue(id)!, limit, progress, ct);
            progress.Dispose();
            JsonOutput.Write(context.Console.Out, job);
            return ExitCodes.For(job);
        }));
        return command;
    }
}
