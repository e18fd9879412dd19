using System.Diagnostics;
using Aitbc.Orleans.Blobs;
using Aitbc.Orleans.Dispatch;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Regions;
using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Models.Variants;
using Aitbc.Orleans.Pricing;
using Aitbc.Orleans.Routing;
using Aitbc.Orleans.Telemetry;
using Aitbc.Orleans.Tensors;
using Aitbc.Orleans.Verification;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Jobs;

/// <summary>
/// One job from acceptance to settlement, as a small state machine. Each transition is one durable write, made before
/// the transition's external effects:
/// <code>
///   accept   (escrow held, watched by the payer's account) → priced, or dispatched(attempt 1) when a GPU was reserved at once
///   dispatch (GPU reserved by the router)                   → dispatched(attempt n)  → push to the miner
///   result / failure / deadline / GPU lost                  → completed | priced(re-route) | failed
///   result drawn for verification                           → verifying (shown completed, result delivered) → completed on the verdict
///   cancel                                                  → cancelled              → refund, stop the miner
/// </code>
/// The job is its own escrow: the hold, and the charge, fee and payee decided with the terminal state, move through
/// the payer's account by reference, so repeating a step after a crash moves nothing twice. Every non-terminal state
/// has a timer while the activation lives, and the payer's account nudges the job after a lost activation: the hold is
/// the job's first durable step, and the account watches every job it holds money for until the hold is released.
/// A failed write is never answered as success: a call that fails deactivates the job, so the caller's retry sees what
/// storage holds; a timer that fails reloads the state and tries again.
/// Placed on the silo that first calls it: the submitter's gateway silo, which a client picks per grain, so new jobs
/// spread evenly over the silos. Measured against the default (resource-optimized) placement, which places by silo
/// load statistics: the same messages between silos per job, and lower latency at the same rate in every pair of runs;
/// random placement did about as well (BENCHMARKS, session 39). So the cost was where the default put a burst of new
/// jobs (by statistics a moment old, likely all on one silo at a time), not the hops.
/// </summary>
[global::Orleans.Placement.PreferLocalPlacement]
public sealed class JobGrain(
    [PersistentState("job", AitbcConstants.GrainStorage)] IPersistentState<JobState> state,
    IOptions<JobOptions> jobOptions,
    IOptions<EscrowOptions> escrowOptions,
    SlashingService slashing,
    ModelInfoCache models,
    ModelVariantsCache variantSets,
    ResultVerifier verifier,
    TensorVault tensors,
    VerificationSampler sampler,
    MarketPricer pricer,
    FleetRouter router,
    IOptions<VerificationOptions> verificationOptions,
    DomainTime time,
    IHostApplicationLifetime lifetime,
    ILogger<JobGrain> logger) : Grain, IJobGrain, IRemindable
{
    /// <summary>The per-job reminder of the first layout; a job that still has one unregisters it when it fires.</summary>
    private const string LegacyWatchdog = "job-watchdog";

    private readonly JobOptions _options = jobOptions.Value;
    private readonly List<TaskCompletionSource> _waiters = [];
    private TaskCompletionSource? _ended;
    private int _endWaiters;

    /// <summary>A caller waiting for the end got the result (before the settlement or the verdict), so the settled job need not linger.</summary>
    private bool _delivered;
    private JobView? _published;
    private Dictionary<string, TensorData>? _inputs;
    private Dictionary<string, TensorData>? _outputs;
    private byte[]? _privatePlan;
    private IGrainTimer? _advance;
    private IGrainTimer? _deadline;
    private IGrainTimer? _ack;
    private IGrainTimer? _retry;
    private IGrainTimer? _linger;
    private IGrainTimer? _verify;
    private bool _queued;
    private bool _running;
    private bool _pushed;
    private bool _settled;
    private int _capacityRetries;

    /// <summary>
    /// GPUs whose miner was not connected when this job was pushed to them (a silo restart drops connections until the
    /// rigs register again). Not the GPU's fault, so not excluded for good: the next routes avoid them, and they are
    /// forgotten as soon as nothing else has room.
    /// </summary>
    private readonly HashSet<string> _unreachable = new(StringComparer.Ordinal);
    private int _failures;

    private JobState S => state.State;
    private string JobId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Submission is not null)
        {
            _published = View();
            Arm();
        }

        return Task.CompletedTask;
    }

    public async Task<JobView> Submit(JobSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (S.Submission is not null)
        {
            // An idempotent replay: every timer is armed (the payer's account watches the job while its hold is open).
            Arm();
            return View();
        }

        var step = Stopwatch.GetTimestamp();
        if (submission.IsPlatformCheck && submission.TenantAccountId != LedgerAccounts.Platform)
        {
            throw new JobRejectedException(JobRejection.Invalid, "only the platform runs verification checks and hardware challenges");
        }

        if (!JobTypes.Runs(submission.JobType))
        {
            throw new JobRejectedException(JobRejection.UnsupportedJobType, JobTypes.TrainingRefusal);
        }

        if (submission.BookingId is { } bookingId)
        {
            if (submission.QuoteId is not null)
            {
                throw new JobRejectedException(JobRejection.Invalid, "a job under a booking is covered by the booking: give maxPrice, not a quote");
            }

            await RequireUsableBooking(submission.TenantAccountId, bookingId);
        }

        var model = await models.GetAsync(submission.ModelId);
        if (model is null || !model.VisibleTo(submission.TenantAccountId))
        {
            // A private model of another owner is answered like a missing one: its existence is the owner's business.
            throw new JobRejectedException(JobRejection.UnknownModel, $"unknown model {submission.ModelId}");
        }

        if (!submission.IsPlatformCheck && model.EffectiveLicense.Refuses(submission.Use) is { } refusal)
        {
            throw new JobRejectedException(JobRejection.LicenseRefused, refusal);
        }

        var privateKeyId = submission.JobType == JobType.PrivateInference ? await CheckPrivate(submission) : null;
        var sizes = submission.JobType == JobType.PrivateInference ? ModelSizes.OriginalOnly(model.SizeBytes) : await VariantSizes(model, submission.Precision);

        // The owner is paid per inference, by everyone but the owner itself (and not by the platform's checks).
        var royalty = submission.IsPlatformCheck || submission.TenantAccountId == model.OwnerAccountId ? 0 : model.EffectiveLicense.RoyaltyPerInference;
        var (hold, quote) = await PriceToHold(submission, royalty);

        // The hold first, watched by the payer's account: from here on, whatever happens, the account comes back to
        // refund the hold or resume the job.
        var tenant = submission.TenantAccountId;
        step = AitbcMetrics.JobStage("submit.checks", step);
        var held = await EscrowSteps.Hold(Account(tenant), JobId, hold, watchesJob: true);
        step = AitbcMetrics.JobStage("submit.hold", step);
        if (!held.Applied)
        {
            throw new JobRejectedException(JobRejection.InsufficientFunds, held.Error ?? "escrow hold failed");
        }

        if (quote is not null)
        {
            var redemption = await GrainFactory.Grain<IQuoteGrain>(quote.QuoteId).Redeem(tenant, submission.ModelId, JobId);
            if (!redemption.Accepted)
            {
                await EscrowSteps.Refund(Account(tenant), JobId, hold);
                throw new JobRejectedException(JobRejection.QuoteRejected, redemption.Error ?? "quote rejected");
            }
        }

        // The tenant's index takes the id only once the job is paid for (a listing skips ids whose job was never stored).
        // Routing runs beside it: a GPU reserved now is written with the acceptance, one write for both transitions.
        var excluded = (IReadOnlyList<string>)[.. submission.ExcludedGpus ?? []];
        var stored = tensors.StoreAsync(submission.Inputs);
        var indexed = GrainFactory.Grain<ITenantJobsGrain>(tenant).Add(JobId);
        var routing = submission.BookingId is null
            ? RouteAtOnce(RoutingRequestFor(submission, 1, sizes, model.SizeBytes, quote?.Price ?? submission.MaxPrice - royalty, excluded))
            : Task.FromResult<RoutingDecision?>(null);
        try
        {
            await Task.WhenAll(stored, indexed, routing);
        }
        catch
        {
            await ReleaseUnwritten(routing);
            throw;
        }

        step = AitbcMetrics.JobStage("submit.route", step);
        var inputs = await stored;
        var decision = await routing;
        var price = decision is { Routed: true }
            ? quote?.Price ?? MarketPrice(decision.Region!, decision.Gpu!, submission.JobType, submission.LatencyClass, submission.Complexity, hold - royalty)
            : 0m;
        var now = time.GetUtcNow();
        S.Submission = submission with { Inputs = new Dictionary<string, TensorData>(0) };
        S.Inputs = inputs;
        S.Quote = quote;
        S.Held = hold;
        S.CreatedAt = now;
        S.QueuedSince = now;
        S.ModelSha256 = model.Sha256;
        S.ModelBytes = model.SizeBytes;
        S.PrivateKeyId = privateKeyId;
        S.Sizes = sizes;
        S.Royalty = royalty;
        S.RoyaltyPayee = royalty > 0 ? model.OwnerAccountId : null;
        S.ExcludedGpus = [.. excluded];
        S.Status = JobStatus.Priced;
        var dispatched = decision is { Routed: true };
        if (dispatched)
        {
            BeginAttempt(decision!, 1, sizes, price, now);
        }

        try
        {
            await Commit(deactivateOnFailure: true);
        }
        catch
        {
            // Not accepted: the reservation goes back now (its lease would end it anyway), the watchdog refunds the hold.
            await ReleaseUnwritten(routing);
            throw;
        }

        step = AitbcMetrics.JobStage("submit.commit", step);
        _inputs = new Dictionary<string, TensorData>(submission.Inputs, StringComparer.Ordinal);
        AitbcMetrics.JobsAccepted.Add(1);
        var accepted = _published!;
        if (dispatched)
        {
            await Guarded(() => Push(deactivateOnFailure: false));
            AitbcMetrics.JobStage("submit.push", step);
        }
        else
        {
            ScheduleAdvance(TimeSpan.Zero);
        }

        return accepted;
    }

    private async Task<RoutingDecision?> RouteAtOnce(RoutingRequest request) => await router.Route(request);

    /// <summary>
    /// Gives back a GPU reserved for a submission that was not written. Release is one-way, and the reservation's lease
    /// ends it if this is lost; the submission's own failure is what the caller hears.
    /// </summary>
    private async Task ReleaseUnwritten(Task<RoutingDecision?> routing)
    {
        if (routing.IsCompletedSuccessfully && routing.Result is { Routed: true, Gpu: { } gpu })
        {
            try
            {
                await GrainFactory.GpuRow(gpu.GpuId).Release($"{JobId}#1");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("Job {Job} could not release {Gpu} after its acceptance failed: {Error}", JobId, gpu.GpuId, ex.Message);
            }
        }
    }

    public async Task<JobSubmitted> SubmitAndWait(JobSubmission submission, TimeSpan wait)
    {
        var existed = S.Submission is not null;

        // Submission is a turn of its own (this method only waits, interleaved with the job's turns).
        var view = await this.AsReference<IJobGrain>().Submit(submission);
        if (!view.Status.IsTerminal() && wait > TimeSpan.Zero)
        {
            view = await WaitForEnd(wait < _options.MaxCallWait ? wait : _options.MaxCallWait) ?? view;
        }

        return new JobSubmitted(view, existed);
    }

    public async Task<JobView?> Get()
    {
        if (_published is { Status: JobStatus.Completed, Outputs: null } && S.Outputs is { } stored && _outputs is null)
        {
            // Read after a restart: the outputs come back from the blob store (null once past retention).
            _outputs = await tensors.LoadAsync(stored);
            _published = View();
        }

        return _published;
    }

    /// <summary>
    /// Interleaves with the job's own turns, so it answers only with the view published at the last notification, never
    /// a state half-way through a turn (an end decided but not yet written, say).
    /// </summary>
    public async Task<JobView?> WaitForChange(int knownVersion, TimeSpan timeout)
    {
        if (_published is null || _published.Version > knownVersion || _published.IsFinal)
        {
            return _published;
        }

        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Add(waiter);
        try
        {
            await LongWait.For(waiter.Task, timeout < _options.MaxCallWait ? timeout : _options.MaxCallWait, lifetime.ApplicationStopping);
        }
        finally
        {
            _waiters.Remove(waiter);
        }

        return _published;
    }

    public async Task<JobView?> Cancel()
    {
        if (S.Submission is null)
        {
            return null;
        }

        // A job awaiting its verdict has delivered its result: too late to cancel.
        if (!S.Status.IsTerminal() && S.Verifying is null)
        {
            await Finish(JobStatus.Cancelled, "cancelled by the submitter", deactivateOnFailure: true);
        }

        // Answered once the refund is through (at once, unless the ledger is unavailable and the retry is pending).
        return await WaitForEnd(_options.MaxCallWait);
    }

    public Task Started(string gpuId, int attempt)
    {
        if (IsCurrent(gpuId, attempt) && !_running)
        {
            _running = true;
            CancelTimer(ref _ack);
            Publish();
        }

        return Task.CompletedTask;
    }

    public async Task Complete(JobResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!IsCurrent(result.GpuId, result.Attempt))
        {
            logger.LogInformation("Ignoring a late or foreign result for {Job} from {Gpu} attempt {Attempt}", JobId, result.GpuId, result.Attempt);
            return;
        }

        CancelTimer(ref _ack);
        var attempt = S.Current!;
        var step = Stopwatch.GetTimestamp();
        if (!await verifier.VerifyAsync(attempt.MinerId, JobId, result.Outputs, result.Signature))
        {
            await EndAttempt(
                "result signature did not verify", AttemptEnd.Forged,
                new PendingSlash(attempt.MinerId, SlashReason.FailedVerification, $"{JobId}#{attempt.Number}",
                    $"job {JobId} attempt {attempt.Number}: signature invalid"), deactivateOnFailure: true);
            return;
        }

        var model = await models.GetAsync(S.Submission!.ModelId);
        var problem = S.Submission.JobType == JobType.PrivateInference
            ? PrivateJobCheck.FindOutputProblem(result.Outputs, S.PrivateKeyId, _options.MaxOutputBytes)
            : model is null ? null : OutputCheck.Find(model, result.Outputs, _options.MaxOutputBytes);
        if (problem is not null)
        {
            await EndAttempt($"result rejected: {problem}", AttemptEnd.Failed, null, deactivateOnFailure: true);
            return;
        }

        var outputs = await tensors.StoreAsync(result.Outputs);
        var now = time.GetUtcNow();
        AitbcMetrics.JobStage("dispatch.to.result", (now - attempt.DispatchedAt).TotalMilliseconds);

        // The SLA clock starts once the model is loaded: the download and load the miner reports are left out, up to
        // what the model's size can explain, so a cold first job is not a breach and a miner cannot claim an hour.
        var loadMs = Math.Clamp(result.ModelLoadMs, 0, _options.ModelLoadAllowance(S.ModelBytes));
        var executionMs = Math.Max(0, (now - attempt.DispatchedAt).TotalMilliseconds - loadMs);
        var budget = S.Submission.LatencyClass.BudgetMs();
        var charged = (S.Quote?.Price ?? attempt.Price) + S.Royalty;
        S.Outputs = outputs;
        S.ExecutionProvider = result.ExecutionProvider;
        S.Signature = result.Signature;
        S.Timings = new JobTimings(
            (attempt.DispatchedAt - S.CreatedAt).TotalMilliseconds + result.QueueMs, attempt.EstimatedRttMs, result.ModelLoadMs,
            result.InferenceMs, (now - S.CreatedAt).TotalMilliseconds);
        S.Charged = charged;
        S.Fee = S.Submission.IsPlatformCheck ? 0 : EscrowSteps.FeeOf(charged - S.Royalty, escrowOptions.Value.PlatformFeeRate);
        S.Payee = LedgerAccounts.ForMiner(attempt.MinerId);
        if (executionMs > budget * _options.SlaGraceFactor)
        {
            S.PendingSlash = new PendingSlash(attempt.MinerId, SlashReason.SlaLatencyBreach, JobId,
                $"job {JobId} took {executionMs:F0} ms after its model was loaded ({loadMs:F0} ms download and load left out), over {_options.SlaGraceFactor}x its {budget} ms budget");
        }

        if (await DrawnForVerification(attempt))
        {
            // Drawn only now, after the result arrived: nothing the miner saw before answering depended on it. The
            // submitter gets the result at once, within its latency class; the check follows, and the charge is settled
            // on its verdict (which replaces the outputs if the first run was wrong).
            S.Verifying = new PendingVerification(attempt.Number, attempt.GpuId, attempt.MinerId, result.Signature, executionMs, budget, attempt.Price);
            S.Current = null;
            S.FinishedAt = now;
            MarkAttempt("completed; verifying");
            _outputs = new Dictionary<string, TensorData>(result.Outputs, StringComparer.Ordinal);
            await Commit(deactivateOnFailure: true);
            WakeEndWaiters();
            await Guarded(BeginVerification);
            return;
        }

        MarkAttempt("completed");
        _outputs = new Dictionary<string, TensorData>(result.Outputs, StringComparer.Ordinal);
        step = AitbcMetrics.JobStage("complete.checks", step);
        await Finish(JobStatus.Completed, null, deactivateOnFailure: true,
            new JobOutcome(JobId, true, true, executionMs, budget, charged));
        AitbcMetrics.JobStage("complete.finish", step);
    }

    public async Task Verified(VerificationVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        if (S.Verifying is not { } checkedRun || S.Status.IsTerminal() || verdict.JobId != JobId)
        {
            return;
        }

        CancelTimer(ref _verify);
        var correct = verdict.PrimaryCorrect;
        if (correct == false && verdict.Correct is { } right)
        {
            // The submitter gets the run the majority agreed on and pays the same price; the wrong miner earns nothing
            // (the charge goes to the platform, which paid for the checks), and the verification grain slashed it.
            S.Outputs = await tensors.StoreAsync(right.Outputs);
            _outputs = new Dictionary<string, TensorData>(right.Outputs, StringComparer.Ordinal);
            S.Signature = right.Signature;
            S.Fee = (S.Charged ?? 0) - S.Royalty;
            S.Payee = LedgerAccounts.Platform;
        }

        S.VerificationOutcome = verdict.Outcome;
        SetAttemptOutcome(checkedRun.Attempt, correct switch
        {
            true => "completed; verified",
            false => $"wrong result (verification: {verdict.Summary})",
            null => $"completed; {verdict.Outcome.ToString().ToLowerInvariant()}",
        });
        await Finish(JobStatus.Completed, null, deactivateOnFailure: true);
        var outcome = new JobOutcome(
            JobId, correct != false, correct == true, checkedRun.SlaMs, checkedRun.BudgetMs, checkedRun.Price,
            correct == false ? JobOutcomeKind.WrongResult : JobOutcomeKind.Success, Verified: correct is not null);
        await Guarded(() => GrainFactory.GpuRow(checkedRun.GpuId).RecordOutcome(outcome));
    }

    /// <summary>Whether this result is re-executed: never for a check itself; otherwise drawn at the GPU's sampling rate.</summary>
    private async Task<bool> DrawnForVerification(JobAttempt attempt)
    {
        var options = verificationOptions.Value;
        if (S.Submission!.IsPlatformCheck || (options.DefaultRate <= 0 && options.ElevatedRate <= 0))
        {
            return false;
        }

        // The GPU's rate is the default or the elevated one: only a draw between the two needs to ask which.
        var integrity = GrainFactory.Grain<IGpuIntegrityGrain>(attempt.GpuId);
        return await sampler.Draw(options.DefaultRate, options.SuspectRate, () => integrity.SamplingRate(attempt.QosScore));
    }

    /// <summary>Frees the first GPU and hands the check to the verification grain (again after a restart: Start is idempotent).</summary>
    private async Task BeginVerification()
    {
        CancelTimer(ref _verify);
        if (S.Verifying is not { } run || S.Status.IsTerminal())
        {
            return;
        }

        await GrainFactory.GpuRow(run.GpuId).Release($"{JobId}#{run.Attempt}");
        var inputs = await Inputs();
        _outputs ??= S.Outputs is { } stored ? await tensors.LoadAsync(stored) : null;
        if (inputs is null || _outputs is null)
        {
            // Past retention: nothing left to re-run; the result stands unverified.
            await Verified(new VerificationVerdict(JobId, VerificationOutcome.Unverified, null, "the job's tensors are past their retention"));
            return;
        }

        var sub = S.Submission!;
        await GrainFactory.Grain<IVerificationGrain>(JobId).Start(new VerificationRequest(
            JobId, sub.ModelId, sub.JobType, sub.LatencyClass, sub.Client, inputs,
            new VerificationRun(JobId, run.GpuId, run.MinerId, _outputs, run.Signature), run.Price,
            S.Attempts.FirstOrDefault(a => a.Attempt == run.Attempt)?.Precision));
    }

    private void SetAttemptOutcome(int number, string outcome)
    {
        var index = S.Attempts.FindIndex(a => a.Attempt == number);
        if (index >= 0)
        {
            var attempts = new List<JobAttemptRecord>(S.Attempts);
            attempts[index] = attempts[index] with { Outcome = outcome };
            S.Attempts = attempts;
        }
    }

    public async Task Fail(JobFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (!IsCurrent(failure.GpuId, failure.Attempt))
        {
            return;
        }

        CancelTimer(ref _ack);
        var attempt = S.Current!;
        switch (failure.Class)
        {
            case ErrorClass.RetrySame when attempt.SameGpuRetries < _options.MaxSameGpuRetries:
                S.Current = attempt with { SameGpuRetries = attempt.SameGpuRetries + 1, DispatchedAt = time.GetUtcNow() };
                S.Error = failure.Message;
                await Commit(deactivateOnFailure: true);
                await Push(deactivateOnFailure: true);
                break;
            case ErrorClass.Fatal:
                MarkAttempt($"fatal: {failure.Message}");
                await Finish(JobStatus.Failed, failure.Message, deactivateOnFailure: true);
                break;
            default:
                await EndAttempt(failure.Message, AttemptEnd.Failed, null, deactivateOnFailure: true);
                break;
        }
    }

    public async Task GpuLost(string gpuId, string reason)
    {
        if (S.Current?.GpuId != gpuId || S.Status.IsTerminal())
        {
            return;
        }

        // The GPU already dropped the booking; the slash is decided here but applied on the job's next turn, so this
        // call returns without calling anything that could be waiting for it.
        var attempt = S.Current;
        var slash = reason.StartsWith("thermal", StringComparison.Ordinal)
            ? null
            : new PendingSlash(attempt.MinerId, SlashReason.AbandonedJob, $"{JobId}#{attempt.Number}", $"miner dropped job {JobId} mid-run: {reason}");
        await EndAttempt($"GPU lost: {reason}", AttemptEnd.Lost, slash, deactivateOnFailure: true);
    }

    public async Task Resume(string payerAccountId, decimal hold)
    {
        if (S.Submission is null)
        {
            // Held for but never accepted (the acceptance write failed): give back whatever was held for it.
            await EscrowSteps.Refund(Account(payerAccountId), JobId, hold);
            await LegacyWatchdogDone();
            this.DeactivateOnIdle();
            return;
        }

        if (S.Status.IsTerminal())
        {
            await Guarded(Settle);
            if (_settled)
            {
                await LegacyWatchdogDone();
            }

            return;
        }

        Arm();
        if (S.Current is not null && !_pushed)
        {
            // A new activation of a dispatched job: the miner may never have had it (the push may have died with the
            // old activation); a miner that has it ignores the repeat.
            await Guarded(() => Push(deactivateOnFailure: false));
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (await this.GetReminder(reminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        if (reminderName == LegacyWatchdog && S.Submission is not null)
        {
            await Resume(S.Submission.TenantAccountId, S.Held);
        }
    }

    /// <summary>Schedules what the current state needs: routing, the execution deadline, settlement, or deactivation.</summary>
    private void Arm()
    {
        if (S.Status.IsTerminal())
        {
            if (!_settled && _retry is null)
            {
                _retry = this.RegisterGrainTimer(_ => Guarded(Settle), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
            }

            return;
        }

        if (S.Verifying is not null && S.Current is null)
        {
            _verify ??= this.RegisterGrainTimer(_ => Guarded(BeginVerification), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
            return;
        }

        if (S.Current is not { } attempt)
        {
            if (_advance is null)
            {
                ScheduleAdvance(TimeSpan.Zero);
            }

            return;
        }

        if (_deadline is null)
        {
            ArmDeadline(attempt);
        }

        if (S.PendingSlash is not null && _retry is null)
        {
            _retry = this.RegisterGrainTimer(_ => Guarded(ApplyPendingSlash), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        }
    }

    private void ScheduleAdvance(TimeSpan due)
    {
        _advance?.Dispose();
        _advance = this.RegisterGrainTimer(_ => Guarded(Advance), new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan));
    }

    /// <summary>Routes the job (reserving a GPU), persists the attempt, then pushes it to the miner.</summary>
    private async Task Advance()
    {
        CancelTimer(ref _advance);
        if (S.Submission is not { } sub || S.Status.IsTerminal() || S.Current is not null || S.Verifying is not null)
        {
            return;
        }

        await ApplyPendingSlash();
        var number = S.Attempts.Count + 1;
        var sizes = S.Sizes ?? ModelSizes.OriginalOnly(S.ModelBytes);
        var decision = sub.BookingId is { } bookingId
            ? await RouteUnderBooking(bookingId, $"{JobId}#{number}", AttemptLease)
            : await router.Route(RoutingRequestFor(
                sub, number, sizes, S.ModelBytes, S.Quote?.Price ?? sub.MaxPrice - S.Royalty,
                _unreachable.Count == 0 ? S.ExcludedGpus : [.. S.ExcludedGpus, .. _unreachable]));
        if (decision is null)
        {
            return;
        }

        if (!decision.Routed)
        {
            _unreachable.Clear();
            await WaitForCapacity(decision.NoCapacityReason ?? "no capacity");
            return;
        }

        await SetQueued(false);
        _capacityRetries = 0;
        // A job under a booking is paid for by the booking: its hold comes back whole.
        var price = sub.BookingId is not null ? 0
            : S.Quote?.Price ?? MarketPrice(decision.Region!, decision.Gpu!, sub.JobType, sub.LatencyClass, sub.Complexity, S.Held - S.Royalty);
        BeginAttempt(decision, number, sizes, price, time.GetUtcNow());
        await Commit(deactivateOnFailure: false);
        await Push(deactivateOnFailure: false);
    }

    /// <summary>How long a reservation holds its GPU: the execution timeout, and time to hear the result.</summary>
    private TimeSpan AttemptLease => _options.ExecutionTimeout + TimeSpan.FromSeconds(30);

    private RoutingRequest RoutingRequestFor(
        JobSubmission sub, int number, ModelSizes sizes, long modelBytes, decimal? priceCap, IReadOnlyList<string> excluded) =>
        new($"{JobId}#{number}", JobId, sub.Client, sub.LatencyClass, modelBytes, priceCap, sub.RequireAttestation, sub.PreferCloud, excluded,
            AttemptLease, sub.PinnedGpu, sizes, sub.Precision, sub.ModelId);

    /// <summary>Makes the routed GPU the current attempt ("dispatched"), in memory: the caller writes it before pushing.</summary>
    private void BeginAttempt(RoutingDecision decision, int number, ModelSizes sizes, decimal price, DateTimeOffset now)
    {
        var gpu = decision.Gpu!;
        // The variant the filter fitted this GPU for (the same rule); fp32 when the GPU's summary changed under the decision.
        var precision = ModelFit.Choose(sizes, gpu, S.Submission!.Precision) ?? S.Submission.Precision ?? Precision.Fp32;
        S.Current = new JobAttempt(
            number, gpu.GpuId, gpu.MinerId, decision.Region!, gpu.Pool, now, price, decision.EstimatedRttMs, decision.FellBackToCloud, 0, gpu.QosScore,
            precision, decision.Warm);
        S.Attempts = [.. S.Attempts, new JobAttemptRecord(number, gpu.GpuId, decision.Region!, gpu.Pool, now, "routed", precision, decision.Warm)];
        S.FellBackToCloud = decision.FellBackToCloud;
        S.Status = JobStatus.Dispatched;
        S.Error = null;
        S.QueuedSince = null;
    }

    /// <summary>
    /// A job under a booking runs on the booking's GPU and nowhere else. Null once the job has failed because its
    /// booking no longer holds the GPU; "no capacity" (to wait and retry) while the GPU's slots are busy.
    /// </summary>
    private async Task<RoutingDecision?> RouteUnderBooking(string bookingId, string attemptBookingId, TimeSpan lease)
    {
        var booking = await GrainFactory.Grain<IBookingGrain>(bookingId).Get();
        if (booking is not { Status: BookingStatus.Active } || booking.LeaseUntil <= time.GetUtcNow())
        {
            await Finish(JobStatus.Failed, $"booking {bookingId} no longer holds its GPU ({booking?.Status.ToString().ToLowerInvariant() ?? "unknown"})", deactivateOnFailure: false);
            return null;
        }

        var gpu = GrainFactory.GpuRow(booking.GpuId);
        var reservation = await gpu.TryReserve(new ReservationRequest(
            attemptBookingId, JobId, time.GetUtcNow() + lease, UnderBookingId: bookingId));
        if (!reservation.Accepted || reservation.Summary is not { } summary)
        {
            return new RoutingDecision(false, null, null, 0, 0, false, reservation.Reason ?? "the booked GPU refused", new Dictionary<string, int>(), 1);
        }

        var region = (await gpu.GetSnapshot())?.Region ?? "";
        return new RoutingDecision(true, summary, region, summary.MeasuredRttMs, 0, false, null, new Dictionary<string, int>(), 1);
    }

    /// <summary>Only the booking's tenant may use it, and only while it holds its GPU.</summary>
    private async Task RequireUsableBooking(string tenant, string bookingId)
    {
        var booking = await GrainFactory.Grain<IBookingGrain>(bookingId).Get();
        if (booking is null || booking.TenantAccountId != tenant)
        {
            throw new JobRejectedException(JobRejection.BookingNotUsable, $"unknown booking {bookingId}");
        }

        var now = time.GetUtcNow();
        if (booking.Status != BookingStatus.Active || booking.StartsAt > now || booking.LeaseUntil <= now)
        {
            throw new JobRejectedException(JobRejection.BookingNotUsable,
                $"booking {bookingId} is {booking.Status.ToString().ToLowerInvariant()} and holds its GPU from {booking.StartsAt:O} to {booking.LeaseUntil:O}; the cluster's time is {now:O}");
        }
    }

    /// <summary>Hands the current attempt to its miner (which does not wait for the miner) and arms the attempt's timers.</summary>
    private async Task Push(bool deactivateOnFailure)
    {
        if (S.Current is not { } attempt || S.Status.IsTerminal())
        {
            return;
        }

        var inputs = await Inputs();
        if (inputs is null)
        {
            await Finish(JobStatus.Failed, "the job's inputs are past their retention", deactivateOnFailure);
            return;
        }

        var sub = S.Submission!;
        byte[]? plan = null;
        if (sub.JobType == JobType.PrivateInference)
        {
            plan = _privatePlan ??= (await GrainFactory.Grain<IModelGrain>(sub.ModelId).GetPrivatePlan())?.Plan;
            if (plan is null)
            {
                await Finish(JobStatus.Failed, $"model {sub.ModelId} no longer compiles for private inference", deactivateOnFailure);
                return;
            }
        }

        StoredModelVariant? variant = null;
        if (attempt.Precision != Precision.Fp32)
        {
            variant = (await variantSets.GetAsync(sub.ModelId)).Deployable(attempt.Precision);
            if (variant is null)
            {
                await Finish(JobStatus.Failed, $"the {attempt.Precision.ToString().ToLowerInvariant()} variant of model {sub.ModelId} is gone", deactivateOnFailure);
                return;
            }
        }

        _pushed = true;
        _running = false;
        ArmDeadline(attempt);
        var assignment = new JobAssignment(
            JobId, attempt.Number, attempt.GpuId, sub.ModelId, S.ModelSha256, S.ModelBytes, inputs,
            attempt.DispatchedAt + _options.ExecutionTimeout, sub.JobType, plan, attempt.Precision, variant?.Report.Sha256,
            variant?.Report.SizeBytes ?? 0, _options.DispatchAckTimeout);
        try
        {
            await GrainFactory.Grain<IMinerGrain>(attempt.MinerId).Dispatch(assignment);
        }
        catch (MinerUnavailableException ex)
        {
            _unreachable.Add(attempt.GpuId);
            await EndAttempt($"dispatch failed: {ex.Message}", AttemptEnd.Unreachable, null, deactivateOnFailure);
            return;
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            await EndAttempt($"dispatch failed: {ex.Message}", AttemptEnd.Failed, null, deactivateOnFailure);
            return;
        }

        CancelTimer(ref _ack);
        var number = attempt.Number;
        _ack = this.RegisterGrainTimer(
            _ => Guarded(() => Unacknowledged(number)), new GrainTimerCreationOptions(_options.DispatchAckTimeout, Timeout.InfiniteTimeSpan));
    }

    private void ArmDeadline(JobAttempt attempt)
    {
        CancelTimer(ref _deadline);
        var left = _options.ExecutionTimeout - (time.GetUtcNow() - attempt.DispatchedAt);
        var number = attempt.Number;
        _deadline = this.RegisterGrainTimer(
            _ => Guarded(() => ExecutionDeadline(number)),
            new GrainTimerCreationOptions(left > TimeSpan.Zero ? left : TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    private async Task ExecutionDeadline(int number)
    {
        if (S.Current is { } attempt && attempt.Number == number && !S.Status.IsTerminal())
        {
            await EndAttempt("execution timed out", AttemptEnd.Abandoned, await TimeoutSlash(attempt), deactivateOnFailure: false);
        }
    }

    private async Task Unacknowledged(int number)
    {
        if (S.Current is { } attempt && attempt.Number == number && !_running && !S.Status.IsTerminal())
        {
            await EndAttempt($"the miner did not acknowledge the job within {_options.DispatchAckTimeout}", AttemptEnd.Abandoned, await TimeoutSlash(attempt), deactivateOnFailure: false);
        }
    }

    /// <summary>Every timeout counts against the GPU (its integrity record and QoS); a repeat within the window is slashed.</summary>
    private async Task<PendingSlash?> TimeoutSlash(JobAttempt attempt)
    {
        var incident = $"{JobId}#{attempt.Number}";
        return await GrainFactory.Grain<IGpuIntegrityGrain>(attempt.GpuId).RecordTimeout(incident)
            ? new PendingSlash(attempt.MinerId, SlashReason.RepeatedTimeouts, incident, $"job {JobId} attempt {attempt.Number} on {attempt.GpuId} timed out, a repeat within the window")
            : null;
    }

    /// <summary>Without a quote, the market price of the chosen GPU's region at its QoS (priced here, from this silo's snapshot), within the GPU's floor and the cap.</summary>
    private decimal MarketPrice(string region, GpuRoutingSummary gpu, JobType jobType, LatencyClass latencyClass, double complexity, decimal cap) =>
        Math.Min(Math.Max(pricer.Price(region, jobType, latencyClass, complexity, gpu.QosScore).Price, gpu.PriceFloor), cap);

    private async Task WaitForCapacity(string reason)
    {
        var now = time.GetUtcNow();
        S.QueuedSince ??= now;

        // A check does not queue beyond its first tries: the job it verifies is waiting, and with no other miner free it
        // stands unverified.
        if (_capacityRetries + 1 >= _options.MinCapacityTries && (S.Submission!.IsVerificationCheck || now - S.QueuedSince.Value >= _options.QueueTimeout))
        {
            await Finish(JobStatus.Failed, reason, deactivateOnFailure: false);
            return;
        }

        // Shown, not stored: a queued job is already durable as "priced", and the reason changes with the fleet.
        if (S.Error != reason)
        {
            S.Error = reason;
            Publish();
        }

        await SetQueued(true);

        // Back off while the fleet is full so waiting jobs do not hammer the routers; jitter spreads the retries.
        var backoff = _options.RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(_capacityRetries++, 6));
        var capped = Math.Min(backoff, _options.MaxRetryDelay.TotalMilliseconds);
        ScheduleAdvance(TimeSpan.FromMilliseconds(capped * (0.5 + Random.Shared.NextDouble())));
    }

    /// <summary>
    /// Ends the current attempt: records how it ended, excludes its GPU, and either re-routes or (attempts used up)
    /// fails the job. One write; then the booking is released, a miner still working is told to stop, and any slash
    /// is applied, except for a lost GPU, which already dropped the booking and whose caller must not be called back.
    /// </summary>
    private async Task EndAttempt(string reason, AttemptEnd how, PendingSlash? slash, bool deactivateOnFailure)
    {
        var attempt = S.Current!;
        logger.LogInformation("Job {Job} attempt {Attempt} on {Gpu} ended: {Reason}", JobId, attempt.Number, attempt.GpuId, reason);
        if (how == AttemptEnd.Unreachable && S.Attempts.Count > 0 && S.Attempts[^1].Attempt == attempt.Number)
        {
            // Never delivered, so it does not count as an attempt: its number goes to the next one. Bounded all the
            // same: each retry waits for capacity with backoff, and the queue timeout ends the wait.
            S.Attempts = [.. S.Attempts.Take(S.Attempts.Count - 1)];
        }
        else
        {
            MarkAttempt(reason);
        }

        if (how != AttemptEnd.Unreachable && !S.ExcludedGpus.Contains(attempt.GpuId))
        {
            S.ExcludedGpus = [.. S.ExcludedGpus, attempt.GpuId];
        }

        S.PendingSlash = slash ?? S.PendingSlash;
        if (S.Attempts.Count >= _options.MaxAttempts)
        {
            await Finish(JobStatus.Failed, $"gave up after {S.Attempts.Count} attempts; last: {reason}", deactivateOnFailure, ended: how);
            return;
        }

        S.Current = null;
        S.Error = reason;
        S.Status = JobStatus.Priced;
        S.QueuedSince = time.GetUtcNow();
        CancelTimer(ref _deadline);
        CancelTimer(ref _ack);
        await Commit(deactivateOnFailure);
        AitbcMetrics.JobReroutes.Add(1);
        if (how == AttemptEnd.Lost)
        {
            // The GPU is waiting on this call: its QoS hears about the abandonment from a timer, after this turn.
            var abandoned = new JobOutcome(JobId, false, false, 0, 0, attempt.Price, JobOutcomeKind.Abandoned);
            this.RegisterGrainTimer(
                _ => Notifications.Deliver(() => GrainFactory.GpuRow(attempt.GpuId).RecordOutcome(abandoned), logger, $"record the abandonment of {JobId} on {attempt.GpuId}"),
                new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
            ScheduleAdvance(TimeSpan.Zero);
            return;
        }

        await LeaveAttempt(attempt, how);
        ScheduleAdvance(TimeSpan.Zero);
    }

    /// <summary>What leaving an attempt owes the fleet: its booking back, and a stop for a miner that may still be working.</summary>
    private async Task LeaveAttempt(JobAttempt attempt, AttemptEnd how)
    {
        try
        {
            if (how is AttemptEnd.Abandoned or AttemptEnd.Cancelled)
            {
                await GrainFactory.Grain<IMinerGrain>(attempt.MinerId).Cancel(JobId, attempt.Number);
            }

            var gpu = GrainFactory.GpuRow(attempt.GpuId);
            await gpu.Release(attempt.BookingId(JobId));
            if (how is AttemptEnd.Failed or AttemptEnd.Forged or AttemptEnd.Abandoned)
            {
                await gpu.RecordOutcome(new JobOutcome(
                    JobId, false, false, 0, 0, attempt.Price, how == AttemptEnd.Abandoned ? JobOutcomeKind.Timeout : JobOutcomeKind.Failure));
            }
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            // The booking's lease ends it anyway; the miner's own deadline stops it.
            logger.LogWarning("Job {Job} could not release attempt {Attempt} on {Gpu}: {Error}", JobId, attempt.Number, attempt.GpuId, ex.Message);
        }
    }

    private void MarkAttempt(string outcome)
    {
        if (S.Attempts.Count > 0 && S.Attempts[^1].Outcome == "routed")
        {
            var attempts = new List<JobAttemptRecord>(S.Attempts);
            attempts[^1] = attempts[^1] with { Outcome = outcome };
            S.Attempts = attempts;
        }
    }

    /// <summary>
    /// Persists the terminal state with its money decision (charge, fee, payee; nothing charged unless completed), answers
    /// the callers waiting for the end, gives the GPU back, then settles. The answer does not wait for the ledger: the
    /// tenant's account is one grain for all of its jobs, and under load its queue, not the job, set the tail (issue 11).
    /// The written end is what the money follows (the watchdog settles it after a crash), and the view says
    /// SettlementPending until the account has applied it.
    /// </summary>
    private async Task Finish(JobStatus status, string? error, bool deactivateOnFailure, JobOutcome? outcome = null, AttemptEnd? ended = null)
    {
        CancelTimer(ref _advance);
        CancelTimer(ref _deadline);
        CancelTimer(ref _ack);
        await SetQueued(false);
        var attempt = S.Current;
        S.Current = null;
        S.Status = status;
        S.Error = error;
        // A verified job finished when its result arrived (the verdict only amends it).
        S.FinishedAt = S.Verifying is not null && S.FinishedAt is { } resultAt ? resultAt : time.GetUtcNow();
        if (status != JobStatus.Completed)
        {
            S.Charged = 0;
            S.Fee = 0;
            S.Payee = null;
            MarkAttempt(error ?? status.ToString().ToLowerInvariant());
        }

        await Commit(deactivateOnFailure);
        (status == JobStatus.Completed ? AitbcMetrics.JobsCompleted : AitbcMetrics.JobsFailed).Add(1);
        WakeEndWaiters();

        // The GPU is free once the end is written: it gets its booking back before the money moves, so a busy payer's
        // account (one grain for all of a tenant's jobs) never holds GPUs that have finished.
        if (attempt is not null && ended != AttemptEnd.Lost)
        {
            if (outcome is not null)
            {
                await Guarded(() => GrainFactory.GpuRow(attempt.GpuId).ReleaseWithOutcome(attempt.BookingId(JobId), outcome));
            }
            else
            {
                await LeaveAttempt(attempt, ended ?? AttemptEnd.Cancelled);
            }
        }

        await Guarded(Settle);
        await Guarded(ApplyPendingSlash);
    }

    /// <summary>The ledger step of the terminal state (idempotent by reference), then the watchers, the watchdog, and deactivation.</summary>
    private async Task Settle()
    {
        CancelTimer(ref _retry);
        if (_settled || !S.Status.IsTerminal())
        {
            return;
        }

        var payer = Account(S.Submission!.TenantAccountId);
        var result = S.Status == JobStatus.Completed
            ? await EscrowSteps.Settle(payer, JobId, S.Charged ?? 0, S.Payee!, S.Fee, S.Royalty, S.RoyaltyPayee)
            : await EscrowSteps.Refund(payer, JobId, S.Held);
        if (!result.Applied)
        {
            logger.LogError("Job {Job}: the payer refused its settlement: {Error}", JobId, result.Error);
        }

        _settled = true;

        // A version of its own for watchers (kept in memory: the settlement is the account's write, not the job's).
        S.Version++;
        Publish();
        var delivered = _endWaiters > 0 || _delivered;
        CancelTimer(ref _linger);
        var linger = delivered ? _options.DeliveredLinger : _options.SettledLinger;
        if (linger <= TimeSpan.Zero)
        {
            // The caller that waited has the result, so nothing is likely to read the job again soon: holding the
            // activation (its tensors, its directory entry) only gives the GC survivors to copy (issue 11).
            this.DeactivateOnIdle();
            return;
        }

        _linger = this.RegisterGrainTimer(_ =>
        {
            this.DeactivateOnIdle();
            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(linger, Timeout.InfiniteTimeSpan));
    }

    private async Task ApplyPendingSlash()
    {
        if (S.PendingSlash is { } slash)
        {
            await slashing.Slash(slash.MinerId, slash.Reason, slash.IncidentId, slash.Evidence);

            // Kept in memory only: the next write drops it, and a repeat after a crash is a no-op by incident id.
            S.PendingSlash = null;
        }
    }

    /// <summary>
    /// Runs a timer's step. On failure (storage down, a call timed out) the state is read again and the job re-armed
    /// after a backoff, so memory never runs ahead of storage and the step is retried.
    /// </summary>
    private async Task Guarded(Func<Task> step)
    {
        try
        {
            await step();
            _failures = 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException && ex is not JobRejectedException)
        {
            var delay = TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(_failures++, 7))));
            logger.LogWarning("Job {Job}: {Error}; retrying in {Delay}", JobId, ex.Message, delay);
            CancelTimer(ref _retry);
            _retry = this.RegisterGrainTimer(_ => Recover(), new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan));
        }
    }

    private async Task Recover()
    {
        CancelTimer(ref _retry);
        try
        {
            await state.ReadStateAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await Guarded(() => Task.FromException(ex));
            return;
        }

        CancelTimer(ref _advance);
        CancelTimer(ref _deadline);
        CancelTimer(ref _ack);
        _inputs = null;
        _outputs = null;
        _pushed = false;
        if (S.Submission is null)
        {
            this.DeactivateOnIdle();
            return;
        }

        Publish();
        Arm();
        if (S.Current is not null && !S.Status.IsTerminal())
        {
            await Guarded(() => Push(deactivateOnFailure: false));
        }
    }

    private async Task<Dictionary<string, TensorData>?> Inputs()
    {
        if (_inputs is null)
        {
            _inputs = S.Inputs.Count > 0
                ? await tensors.LoadAsync(S.Inputs)
                : new Dictionary<string, TensorData>(S.Submission!.Inputs, StringComparer.Ordinal);
        }

        return _inputs;
    }

    /// <summary>
    /// A private job's model must compile into a plan and its payload must fit that plan (parsed in full, every key the
    /// plan needs present), or the job is refused before anything is held or stored. Returns the payload's key id.
    /// </summary>
    private async Task<string> CheckPrivate(JobSubmission submission)
    {
        var plan = await GrainFactory.Grain<IModelGrain>(submission.ModelId).GetPrivatePlan()
            ?? throw new JobRejectedException(JobRejection.UnknownModel, $"unknown model {submission.ModelId}");
        if (!plan.Supported)
        {
            throw new JobRejectedException(JobRejection.PrivateNotSupported, $"model {submission.ModelId} cannot run privately: {plan.Refusal}");
        }

        var (keyId, problem) = PrivateJobCheck.CheckInputs(plan.Plan!, submission.Inputs);
        if (problem is not null)
        {
            throw new JobRejectedException(JobRejection.PrivateNotSupported, problem);
        }

        _privatePlan = plan.Plan;
        return keyId!;
    }

    /// <summary>
    /// The deployable variants' sizes for routing; a pinned precision must have one (fp32 always does). Variants still
    /// being built are not waited for: the job runs at a precision that exists now.
    /// </summary>
    private async Task<ModelSizes> VariantSizes(ModelInfo model, Precision? pinned)
    {
        var variants = await variantSets.GetAsync(model.ModelId);
        var sizes = variants.Sizes(model.SizeBytes);
        if (pinned is { } precision && sizes.Of(precision) is null)
        {
            var why = variants.Find(precision) is { } failed
                ? failed.Report.FailureReason ?? "it was not made"
                : variants.Status == VariantBuildStatus.Pending ? "it is still being built" : "it was not built";
            throw new JobRejectedException(
                JobRejection.PrecisionUnavailable, $"model {model.ModelId} has no deployable {precision.ToString().ToLowerInvariant()} variant: {why}");
        }

        return sizes;
    }

    /// <summary>What the job holds: the quote's price plus the royalty, or the submitter's cap (which must leave room for the royalty).</summary>
    private async Task<(decimal Hold, Quote? Quote)> PriceToHold(JobSubmission submission, decimal royalty)
    {
        if (submission.QuoteId is { } quoteId)
        {
            var quote = await GrainFactory.Grain<IQuoteGrain>(quoteId).Get();
            if (quote is null || quote.TenantAccountId != submission.TenantAccountId)
            {
                throw new JobRejectedException(JobRejection.QuoteRejected, "unknown quote");
            }

            if (time.GetUtcNow() >= quote.ExpiresAt)
            {
                throw new JobRejectedException(JobRejection.QuoteRejected, $"quote expired at {quote.ExpiresAt:O}");
            }

            if (quote.ModelId != submission.ModelId || quote.LatencyClass != submission.LatencyClass)
            {
                throw new JobRejectedException(JobRejection.QuoteRejected, "the quote was issued for another model or latency class");
            }

            if (quote.JobType != submission.JobType)
            {
                // A private job costs more than a plaintext one: a quote pays only for the job type it was priced for.
                throw new JobRejectedException(JobRejection.QuoteRejected, $"the quote was issued for {quote.JobType} jobs, not {submission.JobType}");
            }

            return (quote.Price + royalty, quote);
        }

        if (submission.MaxPrice is { } cap && cap > 0)
        {
            return cap > royalty
                ? (cap, null)
                : throw new JobRejectedException(JobRejection.Invalid, $"maxPrice {cap} does not cover the model's royalty of {royalty} per inference");
        }

        throw new JobRejectedException(JobRejection.Invalid, "a job needs a quoteId or a positive maxPrice");
    }

    private async Task SetQueued(bool queued)
    {
        if (_queued == queued || S.Submission is null)
        {
            return;
        }

        _queued = queued;
        var region = RegionCatalog.Default.RegionOf(S.Submission.Client).Id;
        await GrainFactory.Grain<IRegionGrain>(region).AdjustQueue(queued ? 1 : -1);
    }

    /// <summary>Writes the next version. A failure in a call deactivates the job (the caller retries against storage's truth); elsewhere it throws to <see cref="Guarded"/>.</summary>
    private async Task Commit(bool deactivateOnFailure, bool publish = true)
    {
        S.Version++;
        if (deactivateOnFailure)
        {
            await state.WriteOrDeactivate(this);
        }
        else
        {
            await state.WriteStateAsync();
        }

        if (publish)
        {
            Publish();
        }
    }

    /// <summary>Answers the callers waiting for the end (the view published last shows it), noting whether anyone was.</summary>
    private void WakeEndWaiters()
    {
        _delivered |= _endWaiters > 0;
        _ended?.TrySetResult();
        _ended = null;
    }

    /// <summary>Shows the state to readers and wakes the watchers.</summary>
    private void Publish()
    {
        _published = View();
        foreach (var waiter in _waiters.ToArray())
        {
            waiter.TrySetResult();
        }
    }

    private async Task<JobView?> WaitForEnd(TimeSpan wait)
    {
        // The end for a caller: the end written (its settlement, or a verdict, may follow).
        if (_published is null || _published.Status.IsTerminal())
        {
            return _published;
        }

        _ended ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _endWaiters++;
        try
        {
            await LongWait.For(_ended.Task, wait, lifetime.ApplicationStopping);
        }
        finally
        {
            _endWaiters--;
        }

        return _published;
    }

    private bool IsCurrent(string gpuId, int attempt) =>
        S.Current is { } current && current.GpuId == gpuId && current.Number == attempt && !S.Status.IsTerminal();

    private static void CancelTimer(ref IGrainTimer? timer)
    {
        timer?.Dispose();
        timer = null;
    }

    private IAccountGrain Account(string id) => GrainFactory.Grain<IAccountGrain>(id);

    /// <summary>
    /// Tells the watchdog shard that the job is done with: jobs accepted before the payer's account watched their holds
    /// are registered there, and are forgotten once a nudge finds them settled. One-way; a shard that never had the job ignores it.
    /// </summary>
    private Task LegacyWatchdogDone() => GrainFactory.Grain<IJobWatchdogGrain>(JobWatchdog.ShardOf(JobId, _options.WatchdogShards)).Done(JobId);

    private IReadOnlyDictionary<string, TensorData>? OutputsForView()
    {
        if (_outputs is not null)
        {
            return _outputs;
        }

        if (S.Outputs is { } stored && stored.All(t => t.Inline is not null))
        {
            return _outputs = stored.ToDictionary(t => t.Name, t => new TensorData(t.ElementType, t.Shape, t.Inline!), StringComparer.Ordinal);
        }

        return S.LegacyOutputs;
    }

    private JobView View()
    {
        var sub = S.Submission!;
        var current = S.Current;
        var last = S.LastAttempt;
        var awaitingVerdict = S.Verifying is not null && !S.Status.IsTerminal();
        var status = awaitingVerdict ? JobStatus.Completed : S.Status == JobStatus.Dispatched && _running ? JobStatus.Running : S.Status;
        return new JobView(
            JobId, sub.TenantAccountId, sub.ModelId, status, sub.LatencyClass, sub.Client, current?.GpuId ?? last?.GpuId,
            current?.Region ?? last?.Region, current?.Pool ?? last?.Pool, S.Held, S.Charged, OutputsForView(), S.Error, S.Timings,
            S.Attempts.ToArray(), S.CreatedAt, S.FinishedAt, S.ExecutionProvider, S.Quote?.QuoteId, S.Version, S.FellBackToCloud, S.Signature,
            sub.JobType, S.Royalty, current?.Precision ?? last?.Precision, current?.Warm ?? last?.Warm ?? false, awaitingVerdict,
            S.VerificationOutcome, S.Status.IsTerminal() && !_settled);
    }
}
