using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Dispatch;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Regions;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Pricing;
using Aitbc.Orleans.Routing;
using Aitbc.Orleans.Telemetry;
using Aitbc.Orleans.Tensors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Jobs;

/// <summary>
/// One job from acceptance to settlement. State is persisted before every external effect, and every effect is
/// idempotent (bookings by id, ledger by operation id, late answers by attempt number), so a retry, a failover or a
/// silo restart repeats nothing twice. A reminder resumes unfinished jobs after a restart, so no accepted job is lost.
/// </summary>
public sealed class JobGrain(
    [PersistentState("job", AitbcConstants.GrainStorage)] IPersistentState<JobState> state,
    IOptions<JobOptions> jobOptions,
    SlashingService slashing,
    DomainTime time,
    ILogger<JobGrain> logger) : Grain, IJobGrain, IRemindable
{
    private const string Watchdog = "job-watchdog";
    private readonly JobOptions _options = jobOptions.Value;
    private readonly List<TaskCompletionSource> _waiters = [];
    private IGrainTimer? _advance;
    private IGrainTimer? _deadline;
    private bool _queued;
    private int _capacityRetries;
    private JobView? _published;

    private JobState S => state.State;
    private string JobId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _published = S.Submission is null ? null : View();
        return Task.CompletedTask;
    }

    public async Task<JobView> Submit(JobSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (S.Submission is not null)
        {
            return View();
        }

        var model = await GrainFactory.GetGrain<IModelGrain>(submission.ModelId).Get()
            ?? throw new JobRejectedException(JobRejection.UnknownModel, $"unknown model {submission.ModelId}");

        var (hold, quote) = await PriceToHold(submission);
        var escrow = GrainFactory.GetGrain<IEscrowGrain>(JobId);
        var held = await escrow.Hold(submission.TenantAccountId, hold);
        if (held.Status != EscrowStatus.Held)
        {
            throw new JobRejectedException(JobRejection.InsufficientFunds, held.Error ?? "escrow hold failed");
        }

        if (quote is not null)
        {
            var redemption = await GrainFactory.GetGrain<IQuoteGrain>(quote.QuoteId).Redeem(submission.TenantAccountId, submission.ModelId, JobId);
            if (!redemption.Accepted)
            {
                await escrow.Refund();
                throw new JobRejectedException(JobRejection.QuoteRejected, redemption.Error ?? "quote rejected");
            }
        }

        var now = time.GetUtcNow();
        S.Submission = submission;
        S.Quote = quote;
        S.Held = hold;
        S.CreatedAt = now;
        S.QueuedSince = now;
        S.ModelSha256 = model.Sha256;
        S.ModelBytes = model.SizeBytes;
        S.Status = JobStatus.Priced;
        S.Version = 1;
        await state.WriteStateAsync();
        _published = View();
        AitbcMetrics.JobsAccepted.Add(1);

        await this.RegisterOrUpdateReminder(Watchdog, _options.WatchdogPeriod, _options.WatchdogPeriod);
        await GrainFactory.GetGrain<ITenantJobsGrain>(submission.TenantAccountId).Add(JobId);
        ScheduleAdvance(TimeSpan.Zero);
        return View();
    }

    public Task<JobView?> Get() => Task.FromResult(S.Submission is null ? null : View());

    /// <summary>
    /// Interleaves with the job's own turns, so it answers only with the view published at the last notification, never
    /// a state half-way through a turn (a job finished but not yet settled, say).
    /// </summary>
    public async Task<JobView?> WaitForChange(int knownVersion, TimeSpan timeout)
    {
        if (_published is null || _published.Version > knownVersion || _published.Status.IsTerminal())
        {
            return _published;
        }

        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Add(waiter);
        try
        {
            // A watcher's timeout is a transport concern, so it runs on the real clock; capped under the call timeout.
            var wait = timeout < TimeSpan.FromSeconds(25) ? timeout : TimeSpan.FromSeconds(25);
            await Task.WhenAny(waiter.Task, Task.Delay(wait));
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

        if (!S.Status.IsTerminal())
        {
            await ReleaseCurrentBooking();
            await Finish(JobStatus.Cancelled, "cancelled by the submitter");
        }

        return View();
    }

    public async Task Started(string gpuId, int attempt)
    {
        if (IsCurrent(gpuId, attempt) && S.Status == JobStatus.Dispatched)
        {
            S.Status = JobStatus.Running;
            await Save();
        }
    }

    public async Task Complete(JobResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!IsCurrent(result.GpuId, result.Attempt) || S.Status is not (JobStatus.Dispatched or JobStatus.Running))
        {
            logger.LogInformation("Ignoring a late or foreign result for {Job} from {Gpu} attempt {Attempt}", JobId, result.GpuId, result.Attempt);
            return;
        }

        var miner = await GrainFactory.GetGrain<IMinerGrain>(S.MinerId!).GetSnapshot();
        if (miner is null || !SignatureValid(miner.PublicKey, result))
        {
            var incident = $"{JobId}#{result.Attempt}";
            // AttemptFailed clears the attempt's miner: slash the one that answered.
            var minerId = S.MinerId ?? result.GpuId;
            await AttemptFailed("result signature did not verify", retryElsewhere: true);
            await slashing.Slash(minerId, SlashReason.FailedVerification, incident, $"job {JobId} attempt {result.Attempt}: signature invalid");
            return;
        }

        var now = time.GetUtcNow();
        var total = (now - S.CreatedAt).TotalMilliseconds;
        S.Outputs = new Dictionary<string, Tensors.TensorData>(result.Outputs, StringComparer.Ordinal);
        S.ExecutionProvider = result.ExecutionProvider;
        S.Signature = result.Signature;
        S.Timings = new JobTimings(
            (S.DispatchedAt!.Value - S.CreatedAt).TotalMilliseconds + result.QueueMs, S.EstimatedRttMs, result.ModelLoadMs,
            result.InferenceMs, total);
        S.Charged = S.Quote?.Price ?? S.AttemptPrice ?? S.Held;
        MarkAttempt("completed");
        await Finish(JobStatus.Completed, null);

        var budget = S.Submission!.LatencyClass.BudgetMs();
        var executionMs = (now - S.DispatchedAt.Value).TotalMilliseconds;
        await GrainFactory.GetGrain<IGpuGrain>(S.GpuId!).RecordOutcome(new JobOutcome(JobId, true, true, executionMs, budget, S.Charged.Value));
        if (executionMs > budget * _options.SlaGraceFactor)
        {
            await slashing.Slash(S.MinerId!, SlashReason.SlaLatencyBreach, JobId,
                $"job {JobId} took {executionMs:F0} ms from dispatch, over {_options.SlaGraceFactor}x its {budget} ms budget");
        }
    }

    public async Task Fail(JobFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (!IsCurrent(failure.GpuId, failure.Attempt) || S.Status.IsTerminal())
        {
            return;
        }

        switch (failure.Class)
        {
            case ErrorClass.RetrySame when S.SameGpuRetries < _options.MaxSameGpuRetries:
                S.SameGpuRetries++;
                await Dispatch();
                break;
            case ErrorClass.Fatal:
                MarkAttempt($"fatal: {failure.Message}");
                await ReleaseCurrentBooking();
                await Finish(JobStatus.Failed, failure.Message);
                break;
            default:
                await AttemptFailed(failure.Message, retryElsewhere: true);
                break;
        }
    }

    public async Task GpuLost(string gpuId, string reason)
    {
        if (S.GpuId != gpuId || S.Status.IsTerminal())
        {
            return;
        }

        var wasRunning = S.Status is JobStatus.Dispatched or JobStatus.Running;
        var minerId = S.MinerId;
        var incident = $"{JobId}#{S.Attempts.Count}";
        await AttemptFailed($"GPU lost: {reason}", retryElsewhere: true);
        if (wasRunning && minerId is not null && !reason.StartsWith("thermal", StringComparison.Ordinal))
        {
            await slashing.Slash(minerId, SlashReason.AbandonedJob, incident, $"miner dropped job {JobId} mid-run: {reason}");
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (S.Submission is null)
        {
            await UnregisterWatchdog();
            return;
        }

        if (S.Status.IsTerminal())
        {
            await SettleOrRefund();
            return;
        }

        var now = time.GetUtcNow();
        if (S.Status is JobStatus.Dispatched or JobStatus.Running && S.DispatchedAt is { } at && now - at > _options.ExecutionTimeout)
        {
            await AttemptFailed("execution timed out", retryElsewhere: true);
        }
        else if (S.Status is JobStatus.Submitted or JobStatus.Priced && _advance is null)
        {
            ScheduleAdvance(TimeSpan.Zero);
        }
    }

    private async Task<(decimal Hold, Quote? Quote)> PriceToHold(JobSubmission submission)
    {
        if (submission.QuoteId is { } quoteId)
        {
            var quote = await GrainFactory.GetGrain<IQuoteGrain>(quoteId).Get();
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

            return (quote.Price, quote);
        }

        if (submission.MaxPrice is { } cap && cap > 0)
        {
            return (cap, null);
        }

        throw new JobRejectedException(JobRejection.Invalid, "a job needs a quoteId or a positive maxPrice");
    }

    private void ScheduleAdvance(TimeSpan due)
    {
        _advance?.Dispose();
        _advance = this.RegisterGrainTimer(Advance, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan));
    }

    /// <summary>Routes (or re-routes) the job and dispatches it.</summary>
    private async Task Advance(CancellationToken cancellationToken)
    {
        _advance?.Dispose();
        _advance = null;
        if (S.Submission is not { } sub || S.Status.IsTerminal() || S.Status >= JobStatus.Routed)
        {
            return;
        }

        var attempt = S.Attempts.Count + 1;
        var decision = await GrainFactory.GetGrain<IRouterGrain>(0).Route(new RoutingRequest(
            $"{JobId}#{attempt}", JobId, sub.Client, sub.LatencyClass, S.ModelBytes, S.Quote?.Price ?? sub.MaxPrice,
            sub.RequireAttestation, sub.PreferCloud, S.ExcludedGpus, _options.ExecutionTimeout + TimeSpan.FromSeconds(30)));
        if (!decision.Routed)
        {
            await WaitForCapacity(decision.NoCapacityReason ?? "no capacity");
            return;
        }

        await SetQueued(false);
        _capacityRetries = 0;
        var gpu = decision.Gpu!;
        S.AttemptPrice = S.Quote?.Price ?? await MarketPrice(decision.Region!, gpu, sub);
        S.GpuId = gpu.GpuId;
        S.MinerId = gpu.MinerId;
        S.Region = decision.Region;
        S.Pool = gpu.Pool;
        S.FellBackToCloud = decision.FellBackToCloud;
        S.EstimatedRttMs = decision.EstimatedRttMs;
        S.SameGpuRetries = 0;
        S.Error = null;
        S.Status = JobStatus.Routed;
        S.Attempts.Add(new JobAttemptRecord(attempt, gpu.GpuId, decision.Region!, gpu.Pool, time.GetUtcNow(), "routed"));
        await Save();
        await Dispatch();
    }

    /// <summary>Without a quote, the market price of the chosen GPU's region at its QoS, never above the cap.</summary>
    private async Task<decimal> MarketPrice(string region, GpuRoutingSummary gpu, JobSubmission sub)
    {
        var market = GrainFactory.GetGrain<IPricingMarketGrain>(PricingMarketGrain.KeyFor(region, sub.JobType));
        var price = await market.Price(sub.LatencyClass, sub.Complexity, gpu.QosScore);
        return Math.Min(Math.Max(price.Price, gpu.PriceFloor), S.Held);
    }

    private async Task WaitForCapacity(string reason)
    {
        var now = time.GetUtcNow();
        S.QueuedSince ??= now;
        if (now - S.QueuedSince.Value >= _options.QueueTimeout)
        {
            await Finish(JobStatus.Failed, reason);
            return;
        }

        if (S.Error != reason)
        {
            S.Error = reason;
            await Save();
        }

        await SetQueued(true);

        // Back off while the fleet is full so waiting jobs do not hammer the routers; jitter spreads the retries.
        var backoff = _options.RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(_capacityRetries++, 6));
        var capped = Math.Min(backoff, _options.MaxRetryDelay.TotalMilliseconds);
        ScheduleAdvance(TimeSpan.FromMilliseconds(capped * (0.5 + Random.Shared.NextDouble())));
    }

    private async Task Dispatch()
    {
        var sub = S.Submission!;
        var attempt = S.Attempts.Count;
        var now = time.GetUtcNow();
        var assignment = new JobAssignment(JobId, attempt, S.GpuId!, sub.ModelId, S.ModelSha256, S.ModelBytes, sub.Inputs, now + _options.ExecutionTimeout);
        try
        {
            await GrainFactory.GetGrain<IMinerGrain>(S.MinerId!).Dispatch(assignment);
        }
        catch (Exception ex) when (ex is MinerUnavailableException or TimeoutException or OrleansException)
        {
            await AttemptFailed($"dispatch failed: {ex.Message}", retryElsewhere: true);
            return;
        }

        if (S.Status.IsTerminal() || S.Attempts.Count != attempt)
        {
            return;
        }

        S.DispatchedAt ??= now;
        if (S.Status == JobStatus.Routed)
        {
            S.Status = JobStatus.Dispatched;
        }

        await Save();
        _deadline?.Dispose();
        _deadline = this.RegisterGrainTimer(
            ct => ExecutionDeadline(attempt), new GrainTimerCreationOptions(_options.ExecutionTimeout, Timeout.InfiniteTimeSpan));
    }

    private async Task ExecutionDeadline(int attempt)
    {
        if (S.Attempts.Count == attempt && S.Status is JobStatus.Dispatched or JobStatus.Running)
        {
            await AttemptFailed("execution timed out", retryElsewhere: true);
        }
    }

    /// <summary>Ends the current attempt and re-routes, or fails the job when attempts are used up.</summary>
    private async Task AttemptFailed(string reason, bool retryElsewhere)
    {
        logger.LogInformation("Job {Job} attempt {Attempt} on {Gpu} failed: {Reason}", JobId, S.Attempts.Count, S.GpuId, reason);
        MarkAttempt(reason);
        await ReleaseCurrentBooking();
        if (retryElsewhere && S.GpuId is not null)
        {
            S.ExcludedGpus.Add(S.GpuId);
        }

        S.GpuId = null;
        S.MinerId = null;
        S.Region = null;
        S.Pool = null;
        S.DispatchedAt = null;
        S.AttemptPrice = null;
        S.Error = reason;
        if (S.Attempts.Count >= _options.MaxAttempts)
        {
            await Finish(JobStatus.Failed, $"gave up after {S.Attempts.Count} attempts; last: {reason}");
            return;
        }

        S.Status = JobStatus.Priced;
        S.QueuedSince = time.GetUtcNow();
        AitbcMetrics.JobReroutes.Add(1);
        await Save();
        ScheduleAdvance(TimeSpan.Zero);
    }

    private void MarkAttempt(string outcome)
    {
        if (S.Attempts.Count > 0 && S.Attempts[^1].Outcome == "routed")
        {
            S.Attempts[^1] = S.Attempts[^1] with { Outcome = outcome };
        }
    }

    private async Task ReleaseCurrentBooking()
    {
        if (S.GpuId is { } gpu)
        {
            await GrainFactory.GetGrain<IGpuGrain>(gpu).Release($"{JobId}#{S.Attempts.Count}");
        }
    }

    /// <summary>Persists the terminal state first, then settles or refunds (idempotently) and marks it done.</summary>
    private async Task Finish(JobStatus status, string? error)
    {
        _deadline?.Dispose();
        await SetQueued(false);
        S.Status = status;
        S.Error = error;
        S.FinishedAt = time.GetUtcNow();
        if (status != JobStatus.Completed)
        {
            S.Charged = 0;
        }

        // Persist the decision before moving money, but tell watchers only once the money has moved, so a submitter
        // who sees a terminal job also sees its final balance.
        await state.WriteStateAsync();
        (status == JobStatus.Completed ? AitbcMetrics.JobsCompleted : AitbcMetrics.JobsFailed).Add(1);
        await SettleOrRefund();
    }

    private async Task SettleOrRefund()
    {
        if (S.Settled)
        {
            await UnregisterWatchdog();
            return;
        }

        var escrow = GrainFactory.GetGrain<IEscrowGrain>(JobId);
        if (S.Status == JobStatus.Completed)
        {
            await escrow.Settle(LedgerAccounts.ForMiner(S.MinerId!), S.Charged ?? 0);
            await ReleaseCurrentBooking();
        }
        else
        {
            await escrow.Refund();
        }

        S.Settled = true;
        await Save();
        await UnregisterWatchdog();
    }

    private async Task UnregisterWatchdog()
    {
        var reminder = await this.GetReminder(Watchdog);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task SetQueued(bool queued)
    {
        if (_queued == queued || S.Submission is null)
        {
            return;
        }

        _queued = queued;
        var region = RegionCatalog.Default.RegionOf(S.Submission.Client).Id;
        await GrainFactory.GetGrain<IRegionGrain>(region).AdjustQueue(queued ? 1 : -1);
    }

    private bool SignatureValid(string publicKeyBase64, JobResult result)
    {
        try
        {
            var digest = ResultDigest.Compute(JobId, result.Outputs);
            return ResultSignature.VerifySignature(Convert.FromBase64String(publicKeyBase64), digest, Convert.FromBase64String(result.Signature));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private bool IsCurrent(string gpuId, int attempt) => S.GpuId == gpuId && S.Attempts.Count == attempt;

    private async Task Save()
    {
        S.Version++;
        await state.WriteStateAsync();
        _published = View();
        foreach (var waiter in _waiters.ToArray())
        {
            waiter.TrySetResult();
        }
    }

    private JobView View()
    {
        var sub = S.Submission!;
        return new JobView(
            JobId, sub.TenantAccountId, sub.ModelId, S.Status, sub.LatencyClass, sub.Client, S.GpuId ?? S.Attempts.LastOrDefault()?.GpuId,
            S.Region ?? S.Attempts.LastOrDefault()?.Region, S.Pool ?? S.Attempts.LastOrDefault()?.Pool, S.Held, S.Charged, S.Outputs, S.Error, S.Timings,
            S.Attempts.ToArray(), S.CreatedAt, S.FinishedAt, S.ExecutionProvider, S.Quote?.QuoteId, S.Version, S.FellBackToCloud, S.Signature);
    }
}
