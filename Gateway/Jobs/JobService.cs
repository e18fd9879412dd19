using System.Diagnostics;
using System.Runtime.CompilerServices;
using Aitbc.Orleans.Fleet.Regions;
using Aitbc.Orleans.Gateway.Contracts;
using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Gateway.Security;
using Aitbc.Orleans.Gateway.Tensors;
using Aitbc.Orleans.Gateway.Validation;
using Aitbc.Orleans.Fhe.Inference;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Models.Licensing;
using Aitbc.Orleans.Pricing;
using Aitbc.Orleans.Telemetry;
using Aitbc.Orleans.Tensors;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Gateway.Jobs;

/// <summary>
/// The job operations behind both the HTTP API and gRPC: validate, check the model and its signature, then hand
/// over to the grains. Everything is checked before the first grain call that stores anything, so a refused
/// request leaves no trace (an idempotency key claimed just before a grain refusal only points at a job id that
/// stays empty, and a retry with the key reuses that id).
/// </summary>
public sealed class JobService(IGrainFactory grains, ModelInfoCache models, IOptions<GatewayOptions> options)
{
    /// <summary>How long one WaitForChange call may block; the grain caps it below Orleans' call timeout anyway.</summary>
    public static readonly TimeSpan WatchSlice = TimeSpan.FromSeconds(20);

    private readonly GatewayOptions _options = options.Value;

    public TensorLimits TensorLimits => new(_options.MaxTensorElements, _options.MaxTensorRank);

    public async Task<Quote> QuoteAsync(Caller caller, QuoteRequestBody body)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(body);
        var errors = new ValidationErrors();
        var modelId = FieldRules.Id(errors, "modelId", body.ModelId, _options.MaxStringLength);
        var jobType = FieldRules.Enum(errors, "jobType", body.JobType, (JobType?)JobType.Inference);
        var latency = FieldRules.Enum<LatencyClass>(errors, "latencyClass", body.LatencyClass);
        var client = Location(errors, "client", body.Client);
        var complexity = FieldRules.Number(errors, "complexity", body.Complexity ?? 1.0, 0, _options.MaxComplexity, required: true, exclusiveMin: true);
        errors.ThrowIfAny();
        RequireRunnable(jobType!.Value);

        await RequireModel(caller, modelId!);
        var region = RegionCatalog.Default.RegionOf(client!.Value).Id;
        var market = grains.Grain<IPricingMarketGrain>(PricingMarkets.KeyFor(region, jobType!.Value));
        return await market.IssueQuote(new QuoteRequest(caller.AccountId, modelId!, jobType.Value, latency!.Value, client.Value, complexity!.Value));
    }

    /// <param name="inputs">The inputs parsed so far; parse errors are already in <paramref name="errors"/>.</param>
    /// <param name="wait">How long to wait for the job to end: the job grain answers one call with the result as soon as it is decided.</param>
    public async Task<SubmittedJob> SubmitAsync(
        Caller caller, JobDraft draft, IReadOnlyDictionary<string, TensorData>? inputs, ValidationErrors errors, TimeSpan wait = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(errors);
        var modelId = FieldRules.Id(errors, "modelId", draft.ModelId, _options.MaxStringLength);
        var jobType = FieldRules.Enum(errors, "jobType", draft.JobType, (JobType?)JobType.Inference);
        var latency = FieldRules.Enum<LatencyClass>(errors, "latencyClass", draft.LatencyClass);
        var client = Location(errors, "client", draft.Client);
        var complexity = FieldRules.Number(errors, "complexity", draft.Complexity ?? 1.0, 0, _options.MaxComplexity, required: true, exclusiveMin: true);
        var quoteId = FieldRules.Id(errors, "quoteId", draft.QuoteId, _options.MaxStringLength, required: false);
        var maxPrice = FieldRules.Amount(errors, "maxPrice", draft.MaxPrice, _options.MaxPrice, required: false);
        var idempotencyKey = FieldRules.Id(errors, "idempotencyKey", draft.IdempotencyKey, _options.MaxStringLength, required: false);
        var precision = draft.Precision is null ? null : FieldRules.Enum<Precision>(errors, "precision", draft.Precision);
        var use = FieldRules.Enum(errors, "use", draft.Use, (ModelUse?)ModelUse.Commercial);
        var bookingId = FieldRules.Id(errors, "bookingId", draft.BookingId, _options.MaxStringLength, required: false);
        if (draft.BookingId is not null && draft.QuoteId is not null)
        {
            errors.Add("quoteId", "a job under a booking is paid for by the booking: give maxPrice (held, then returned whole), not a quote");
        }
        else if (draft.QuoteId is null && draft.MaxPrice is null)
        {
            errors.Add("quoteId", "give a quoteId or a maxPrice");
        }
        else if (draft.QuoteId is not null && draft.MaxPrice is not null)
        {
            errors.Add("maxPrice", "give either a quoteId or a maxPrice, not both");
        }

        var isPrivate = jobType == JobType.PrivateInference;
        if (isPrivate)
        {
            CheckPrivateInputs(inputs, errors);
        }
        else
        {
            CheckInputs(inputs, errors);
        }

        errors.ThrowIfAny();
        RequireRunnable(jobType!.Value);

        var model = await RequireModel(caller, modelId!);
        if (isPrivate)
        {
            // The job grain parses the payload against the plan; here the model must compile at all, or nothing is touched.
            await RequirePrivatePlan(modelId!);
        }
        else
        {
            var signature = new ModelSignature([.. model.Inputs], [.. model.Outputs]);
            foreach (var problem in signature.FindInputErrors(inputs!, _options.MaxTensorElements))
            {
                errors.Add("inputs", problem);
            }
        }

        errors.ThrowIfAny();

        // Only the booking's tenant may run on it (the job grain checks again, with the window, by the cluster's clock).
        if (bookingId is not null && (await grains.Grain<IBookingGrain>(bookingId).Get())?.TenantAccountId != caller.AccountId)
        {
            throw GatewayRequestException.NotFound($"There is no booking '{bookingId}'.");
        }

        var submission = new JobSubmission(
            caller.AccountId, modelId!, jobType!.Value, inputs!, latency!.Value, client!.Value, quoteId, maxPrice, idempotencyKey,
            draft.RequireAttestation, draft.PreferCloud, complexity!.Value, BookingId: bookingId, Precision: precision, Use: use!.Value);
        var candidate = $"j-{Guid.NewGuid():N}";
        var jobId = candidate;
        if (idempotencyKey is not null)
        {
            jobId = await grains.Grain<ISubmissionKeyGrain>($"{caller.AccountId}/{idempotencyKey}").Claim(candidate);
            if (jobId != candidate && await grains.Grain<IJobGrain>(jobId).Get() is { } earlier
                && !SameRequest(earlier, submission))
            {
                throw new GatewayRequestException(
                    FailureKind.Conflict, "Idempotency key reused", "This idempotency key was already used for a different request.");
            }
        }

        try
        {
            // A replay resubmits too: the job answers with what it is (and re-arms its watchdog); a key whose first
            // submission failed before it was stored gets its job now.
            var called = Stopwatch.GetTimestamp();
            var submitted = await grains.Grain<IJobGrain>(jobId).SubmitAndWait(submission, wait);
            AitbcMetrics.JobStage("gateway.call", called);
            return new SubmittedJob(submitted.View, submitted.Replayed);
        }
        catch (JobRejectedException ex)
        {
            throw ex.Kind switch
            {
                JobRejection.UnknownModel => GatewayRequestException.NotFound(ex.Message),
                JobRejection.QuoteRejected => new GatewayRequestException(FailureKind.Conflict, "Quote rejected", ex.Message),
                JobRejection.InsufficientFunds => new GatewayRequestException(FailureKind.PaymentRequired, "Insufficient funds", ex.Message),
                JobRejection.BookingNotUsable => new GatewayRequestException(FailureKind.Conflict, "Booking not usable now", ex.Message),
                JobRejection.PrivateNotSupported => new GatewayRequestException(FailureKind.Unprocessable, "Not supported for private inference", ex.Message),
                JobRejection.LicenseRefused => new GatewayRequestException(FailureKind.Forbidden, "Not permitted by the model's license", ex.Message),
                JobRejection.UnsupportedJobType => new GatewayRequestException(FailureKind.Unprocessable, "Job type not supported", ex.Message),
                JobRejection.PrecisionUnavailable => new GatewayRequestException(FailureKind.Unprocessable, "Precision not available", ex.Message),
                _ => GatewayRequestException.Invalid("$", ex.Message),
            };
        }
    }

    /// <summary>
    /// Whether a replayed key carries the request that first used it, as far as the job records it (the inputs are not
    /// kept in the view, so they are not compared).
    /// </summary>
    private static bool SameRequest(JobView earlier, JobSubmission submission) =>
        earlier.ModelId == submission.ModelId && earlier.JobType == submission.JobType && earlier.LatencyClass == submission.LatencyClass
        && earlier.Client == submission.Client && earlier.QuoteId == submission.QuoteId;

    /// <summary>The job, if it exists and the caller may see it; otherwise 404 (never 403, which would confirm it exists).</summary>
    public async Task<JobView> GetAsync(Caller caller, string jobId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var view = IsJobId(jobId) ? await grains.Grain<IJobGrain>(jobId).Get() : null;
        if (view is null || (view.TenantAccountId != caller.AccountId && !caller.IsOperator))
        {
            throw GatewayRequestException.NotFound($"There is no job '{FieldRules.Truncate(jobId)}'.");
        }

        return view;
    }

    public async Task<JobView> CancelAsync(Caller caller, string jobId)
    {
        var view = await GetAsync(caller, jobId);
        return await grains.Grain<IJobGrain>(view.JobId).Cancel() ?? view;
    }

    /// <summary>
    /// Blocks until the job ends (or delivers its result ahead of a verification verdict) or <paramref name="wait"/>
    /// passes, and returns the latest view.
    /// </summary>
    public async Task<JobView> WaitAsync(JobView view, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        var deadline = DateTimeOffset.UtcNow + wait;
        var job = grains.Grain<IJobGrain>(view.JobId);
        while (!view.Status.IsTerminal() && !cancellationToken.IsCancellationRequested)
        {
            var left = deadline - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                break;
            }

            view = await job.WaitForChange(view.Version, left < WatchSlice ? left : WatchSlice).WaitAsync(cancellationToken) ?? view;
        }

        return view;
    }

    /// <summary>
    /// The job now, then once per change or per <see cref="WatchSlice"/> without one (same version: callers may use
    /// it as a keep-alive), ending once the job is final (terminal, and past the verdict of a check it was drawn for).
    /// </summary>
    public async IAsyncEnumerable<JobView> WatchAsync(Caller caller, string jobId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var view = await GetAsync(caller, jobId);
        yield return view;
        var job = grains.Grain<IJobGrain>(view.JobId);
        while (!view.IsFinal && !cancellationToken.IsCancellationRequested)
        {
            view = await job.WaitForChange(view.Version, WatchSlice).WaitAsync(cancellationToken) ?? view;
            yield return view;
        }
    }

    /// <summary>
    /// Whether a watcher should be told about this view: a new version, or a new status without one (a job is shown
    /// terminal as soon as that is decided, before the version that follows its settlement).
    /// </summary>
    public static bool IsNews(JobView view, JobView? sent) =>
        sent is null || view.Version != sent.Version || view.Status != sent.Status;

    /// <summary>The model, if the caller may see it (published, or the caller's own); otherwise 404 like a missing one.</summary>
    public async Task<ModelInfo> RequireModel(Caller caller, string modelId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var model = await models.GetAsync(modelId);
        return model is not null && (model.VisibleTo(caller.AccountId) || caller.IsOperator)
            ? model
            : throw GatewayRequestException.NotFound($"There is no model '{modelId}'.");
    }

    /// <summary>Training is refused (422) at quote and at submission until real training exists.</summary>
    private static void RequireRunnable(JobType jobType)
    {
        if (!JobTypes.Runs(jobType))
        {
            throw new GatewayRequestException(FailureKind.Unprocessable, "Job type not supported", JobTypes.TrainingRefusal);
        }
    }

    /// <summary>The model's encrypted-evaluation plan: 404 without the model, 422 with the reason when it cannot run privately.</summary>
    public async Task<PrivatePlanInfo> RequirePrivatePlan(string modelId)
    {
        var plan = FieldRules.Id(new ValidationErrors(), "modelId", modelId, _options.MaxStringLength) is null
            ? null
            : await grains.Grain<IModelGrain>(modelId).GetPrivatePlan();
        if (plan is null)
        {
            throw GatewayRequestException.NotFound($"There is no model '{FieldRules.Truncate(modelId)}'.");
        }

        return plan.Supported
            ? plan
            : throw new GatewayRequestException(
                FailureKind.Unprocessable, "Not supported for private inference", $"Model '{modelId}' cannot run privately: {plan.Refusal}");
    }

    public static bool IsJobId(string? jobId)
    {
        var errors = new ValidationErrors();
        return FieldRules.Id(errors, "jobId", jobId, 64) is not null;
    }

    public static GeoPoint? Location(ValidationErrors errors, string field, LocationBody? body)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (body is null)
        {
            errors.Add(field, "is required: {lat, lon} in decimal degrees");
            return null;
        }

        var lat = FieldRules.Number(errors, $"{field}.lat", body.Lat, -90, 90, required: true);
        var lon = FieldRules.Number(errors, $"{field}.lon", body.Lon, -180, 180, required: true);
        return lat is { } la && lon is { } lo ? new GeoPoint(la, lo) : null;
    }

    /// <summary>
    /// A private job's inputs are its ciphertext and evaluation keys (sized by the request body cap, not the tensor
    /// limits); their headers must say so, from one key set, under a secure parameter set. A secret key is refused.
    /// </summary>
    private static void CheckPrivateInputs(IReadOnlyDictionary<string, TensorData>? inputs, ValidationErrors errors)
    {
        if (inputs is null)
        {
            if (!errors.Has("ciphertext") && !errors.Has("evaluationKeys"))
            {
                errors.Add("ciphertext", "is required, with evaluationKeys");
            }

            return;
        }

        var problem = PrivateJob.TryReadInputs(inputs, out var ciphertext, out var keys)
            ?? PrivateJobPayload.FindHeaderProblem(ciphertext, keys);
        if (problem is not null)
        {
            errors.Add(problem.StartsWith(PrivateJob.EvaluationKeysInput, StringComparison.Ordinal) ? "evaluationKeys" : "ciphertext", problem);
        }
    }

    private void CheckInputs(IReadOnlyDictionary<string, TensorData>? inputs, ValidationErrors errors)
    {
        if (inputs is null)
        {
            if (!errors.Has("inputs"))
            {
                errors.Add("inputs", "is required: an object of named tensors");
            }

            return;
        }

        if (inputs.Count == 0)
        {
            errors.Add("inputs", "must name at least one tensor");
        }
        else if (inputs.Count > _options.MaxInputs)
        {
            errors.Add("inputs", $"has {inputs.Count} tensors; at most {_options.MaxInputs} are allowed");
        }

        foreach (var (name, tensor) in inputs)
        {
            if (name.Length == 0 || name.Length > _options.MaxStringLength || name.Any(char.IsControl))
            {
                errors.Add("inputs", $"input names must be 1 to {_options.MaxStringLength} printable characters");
                continue;
            }

            // Tensors from JSON were checked while parsing; raw gRPC bytes are checked here (shape, size, NaN).
            if (TensorJson.ElementCount($"inputs.{name}.shape", tensor.Shape, TensorLimits, errors) is not null
                && tensor.Validate(_options.MaxTensorElements) is { } problem)
            {
                errors.Add($"inputs.{name}", problem);
            }
        }
    }
}
