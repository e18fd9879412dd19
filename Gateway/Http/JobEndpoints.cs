using System.Text.Json;
using Aitbc.Orleans.Gateway.Contracts;
using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Gateway.Jobs;
using Aitbc.Orleans.Gateway.Security;
using Aitbc.Orleans.Gateway.Tensors;
using Aitbc.Orleans.Gateway.Validation;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Pricing;
using Aitbc.Orleans.Tensors;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Aitbc.Orleans.Gateway.Http;

/// <summary>/v1/quotes and /v1/jobs: quote, submit (optionally waiting), read, list, cancel, and watch as Server-Sent Events.</summary>
public static class JobEndpoints
{
    public static RouteGroupBuilder MapJobEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapPost("/quotes", CreateQuote).RequireSubmitter().WithName("CreateQuote")
            .WithSummary("Price a job in the client's region")
            .WithDescription("The quote pays for one job of this tenant, for this model and latency class, until expiresAt.")
            .Accepts<QuoteRequestBody>("application/json")
            .Produces<QuoteResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        v1.MapPost("/jobs", SubmitJob).RequireSubmitter().WithName("SubmitJob").WithMetadata(new SubmissionAdmissionMetadata())
            .WithSummary("Submit an inference job")
            .WithDescription("Pay with quoteId or cap the price with maxPrice. ?wait=SECONDS blocks until the job ends or the time passes: " +
                             "200 with the finished job, otherwise 202 with the job as it is. idempotencyKey makes retries safe. " +
                             "503 with Retry-After when this gateway holds its limit of submissions in flight (nothing was accepted).")
            .Accepts<JobRequestBody>("application/json")
            .WithQueryParameter("wait", JsonSchemaType.Integer, "Seconds to wait for the job to end (0 to the gateway's MaxWaitSeconds, default 0)")
            .Produces<JobResponse>().Produces<JobResponse>(StatusCodes.Status202Accepted).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status402PaymentRequired)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        v1.MapGet("/jobs", ListJobs).RequireSubmitter().WithName("ListJobs")
            .WithSummary("The caller's most recent jobs, newest first (outputs omitted)")
            .WithQueryParameter("limit", JsonSchemaType.Integer, "How many jobs (1 to the gateway's MaxPageSize, default 50)")
            .Produces<IReadOnlyList<JobResponse>>().ProducesValidationProblem();

        v1.MapGet("/jobs/{id}", GetJob).RequireSubmitter().WithName("GetJob")
            .WithSummary("A job: status, outputs, GPU, region, edge or cloud, price charged and timings")
            .Produces<JobResponse>().ProducesProblem(StatusCodes.Status404NotFound);

        v1.MapDelete("/jobs/{id}", CancelJob).RequireSubmitter().WithName("CancelJob")
            .WithSummary("Cancel a job; a finished job is returned unchanged")
            .Produces<JobResponse>().ProducesProblem(StatusCodes.Status404NotFound);

        v1.MapGet("/jobs/{id}/events", StreamEvents).RequireSubmitter().WithName("JobEvents")
            .WithSummary("Server-Sent Events: one 'status' event per change (data: the job), ending after a terminal status")
            .WithStreamResponse("text/event-stream", "Events 'status' (data: the job as JSON, id: its version), and ': keep-alive' comments", StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return v1;
    }

    private static async Task<IResult> CreateQuote(HttpContext http, JobService jobs)
    {
        var body = await JsonRequestReader.ReadAsync<QuoteRequestBody>(http.Request, http.RequestAborted);
        var quote = await jobs.QuoteAsync(Caller.From(http.User), body);
        return TypedResults.Ok(QuoteResponse.From(quote));
    }

    private static async Task<IResult> SubmitJob(HttpContext http, JobService jobs, IOptions<GatewayOptions> options, IOptions<PricingOptions> pricing)
    {
        var errors = new ValidationErrors();
        var wait = QueryReader.Int(http.Request, errors, "wait", 0, options.Value.MaxWaitSeconds) ?? 0;
        var body = await JsonRequestReader.ReadAsync<JobRequestBody>(http.Request, http.RequestAborted);
        var inputs = ReadInputs(body.Inputs, jobs.TensorLimits, options.Value.MaxInputs, errors);
        return await SubmitAndAnswer(http, jobs, JobDraft.From(body, body.JobType), inputs, errors, wait, pricing.Value.Currency);
    }

    /// <summary>
    /// Submits (waiting up to <paramref name="wait"/> seconds for the end) and answers 200 with a finished job or 202
    /// with the job as it is; shared by plain and private submissions.
    /// </summary>
    public static async Task<IResult> SubmitAndAnswer(
        HttpContext http, JobService jobs, JobDraft draft, IReadOnlyDictionary<string, TensorData>? inputs, ValidationErrors errors, int wait, string currency)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(jobs);
        var started = DateTimeOffset.UtcNow;
        var submitted = await jobs.SubmitAsync(Caller.From(http.User), draft, inputs, errors, TimeSpan.FromSeconds(wait));

        // One call waits up to the grain's cap; a longer ?wait goes on watching for what is left.
        var left = TimeSpan.FromSeconds(wait) - (DateTimeOffset.UtcNow - started);
        var view = left > TimeSpan.Zero ? await jobs.WaitAsync(submitted.View, left, http.RequestAborted) : submitted.View;
        var location = $"/v1/jobs/{view.JobId}";
        if (submitted.Replayed)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
        }

        var response = JobResponse.From(view, currency);
        if (view.Status.IsTerminal())
        {
            http.Response.Headers.Location = location;
            return TypedResults.Ok(response);
        }

        return TypedResults.Accepted(location, response);
    }

    private static async Task<IResult> ListJobs(HttpContext http, IGrainFactory grains, IOptions<GatewayOptions> options, IOptions<PricingOptions> pricing)
    {
        var errors = new ValidationErrors();
        var limit = QueryReader.Int(http.Request, errors, "limit", 1, options.Value.MaxPageSize) ?? 50;
        errors.ThrowIfAny();
        var caller = Caller.From(http.User);
        var ids = await grains.Grain<ITenantJobsGrain>(caller.AccountId).List(limit);
        var views = await Task.WhenAll(ids.Select(id => grains.Grain<IJobGrain>(id).Get()));
        return TypedResults.Ok(views.OfType<JobView>().Select(v => JobResponse.From(v, pricing.Value.Currency, includeOutputs: false)).ToArray());
    }

    private static async Task<IResult> GetJob(HttpContext http, string id, JobService jobs, IOptions<PricingOptions> pricing) =>
        TypedResults.Ok(JobResponse.From(await jobs.GetAsync(Caller.From(http.User), id), pricing.Value.Currency));

    private static async Task<IResult> CancelJob(HttpContext http, string id, JobService jobs, IOptions<PricingOptions> pricing) =>
        TypedResults.Ok(JobResponse.From(await jobs.CancelAsync(Caller.From(http.User), id), pricing.Value.Currency));

    private static async Task StreamEvents(
        HttpContext http, string id, JobService jobs, IOptions<JsonOptions> json, IOptions<PricingOptions> pricing)
    {
        var cancel = http.RequestAborted;
        await using var changes = jobs.WatchAsync(Caller.From(http.User), id, cancel).GetAsyncEnumerator(cancel);
        // The first view is read before anything is written, so an unknown job is still a 404 problem.
        if (!await changes.MoveNextAsync())
        {
            return;
        }

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        JobView? sent = null;
        try
        {
            do
            {
                var view = changes.Current;
                if (!JobService.IsNews(view, sent))
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", cancel);
                }
                else
                {
                    sent = view;
                    var data = JsonSerializer.Serialize(JobResponse.From(view, pricing.Value.Currency), json.Value.SerializerOptions);
                    await http.Response.WriteAsync($"id: {view.Version}\nevent: status\ndata: {data}\n\n", cancel);
                }

                await http.Response.Body.FlushAsync(cancel);
            }
            while (await changes.MoveNextAsync());
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
    }

    private static Dictionary<string, TensorData>? ReadInputs(
        Dictionary<string, TensorBody?>? bodies, TensorLimits limits, int maxInputs, ValidationErrors errors)
    {
        if (bodies is null)
        {
            return null;
        }

        if (bodies.Count > maxInputs)
        {
            errors.Add("inputs", $"has {bodies.Count} tensors; at most {maxInputs} are allowed");
            return null;
        }

        var inputs = new Dictionary<string, TensorData>(StringComparer.Ordinal);
        foreach (var (name, body) in bodies)
        {
            if (TensorJson.Read($"inputs.{name}", body, limits, errors) is { } tensor)
            {
                inputs[name] = tensor;
            }
        }

        return inputs;
    }
}
