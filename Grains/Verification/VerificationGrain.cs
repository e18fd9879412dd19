using Aitbc.Orleans.Blobs;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Tensors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Verification;

/// <summary>
/// Re-executes one sampled job. Each check is an ordinary job of the platform's account (so it is routed, dispatched,
/// timed out and paid like any other, and the platform's ledger shows what verification cost, once per check by the
/// check job's escrow reference), excluding every GPU of the miners that already ran it. The second run agreeing with the
/// first confirms it; otherwise a third run on yet another miner decides by majority. The wrong GPU's miner is slashed
/// with both runs' digests and signatures as evidence, and its integrity record counts the offence; then the job is
/// told the verdict. Each step is written before its effects, and every effect is idempotent, so the original job
/// (which its watchdog keeps nudging until it ends) can restart a check after a crash by calling Start again.
/// Placed beside the job that starts it, which is its only caller.
/// </summary>
[global::Orleans.Placement.PreferLocalPlacement]
public sealed class VerificationGrain(
    [PersistentState("verification", AitbcConstants.GrainStorage)] IPersistentState<VerificationState> state,
    IOptions<VerificationOptions> options,
    IOptions<JobOptions> jobOptions,
    SlashingService slashing,
    TensorVault tensors,
    DomainTime time,
    ILogger<VerificationGrain> logger) : Grain, IVerificationGrain
{
    private const int MaxRuns = 3;

    private readonly VerificationOptions _options = options.Value;
    private IGrainTimer? _drive;
    private bool _driving;

    private VerificationState S => state.State;
    private string JobId => this.GetPrimaryKeyString();

    public async Task Start(VerificationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (S.ModelId is null)
        {
            S.ModelId = request.ModelId;
            S.JobType = request.JobType;
            S.LatencyClass = request.LatencyClass;
            S.Client = request.Client;
            S.PricePerRun = request.PricePerRun;
            S.Precision = request.Precision;
            S.Inputs = await tensors.StoreAsync(request.Inputs);
            S.Runs = [await Store(request.Primary)];
            S.CheckJobIds = [NewCheckJobId(), NewCheckJobId()];
            S.StartedAt = time.GetUtcNow();
            await state.WriteOrDeactivate(this);
        }

        if (!S.Delivered && _drive is null)
        {
            // Interleaved: waiting on a check job must not hold up a repeated Start or a read.
            _drive = this.RegisterGrainTimer(_ => Drive(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
        }
    }

    public async Task<VerificationView?> Get()
    {
        if (S.ModelId is null)
        {
            return null;
        }

        var runs = await Runs();
        return new VerificationView(JobId, runs, S.CheckJobIds.Take(Math.Max(0, S.Runs.Count - 1)).ToArray(), Verdict(runs));
    }

    private async Task Drive()
    {
        if (_driving)
        {
            return;
        }

        _driving = true;
        try
        {
            while (S.Outcome is null)
            {
                var run = await RunCheck(S.CheckJobIds[S.Runs.Count - 1]);
                if (run is null)
                {
                    Decide(S.Runs.Count == 1 ? VerificationOutcome.Unverified : VerificationOutcome.Inconclusive, 0,
                        S.Runs.Count == 1 ? "no other miner could run the check" : "no third miner could decide the mismatch");
                }
                else
                {
                    S.Runs.Add(await Store(run));
                    await Judge();
                }

                await state.WriteOrDeactivate(this);
            }

            var runs = await Runs();
            if (!S.ConsequencesApplied)
            {
                // The slash and the integrity records are idempotent, so a failed write repeats them harmlessly; the
                // QoS amendments are counters, so they follow the write and a failure after it loses them, never doubles.
                await ApplyConsequences(runs);
                S.ConsequencesApplied = true;
                await state.WriteOrDeactivate(this);
                await AmendCheckersQos(runs);
            }

            await GrainFactory.Grain<IJobGrain>(JobId).Verified(Verdict(runs)!);
            S.Delivered = true;
            await state.WriteOrDeactivate(this);
            _drive?.Dispose();
            _drive = null;

            // Done: one check in twenty jobs or so, each kept active until the idle collection, piled up by the thousand
            // on a loaded silo. A later read loads the stored record.
            this.DeactivateOnIdle();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The job's watchdog calls Start again, which re-arms the drive from what was stored.
            logger.LogWarning("Verification of {Job} paused: {Error}", JobId, ex.Message);
            _drive?.Dispose();
            _drive = null;

            // Memory must not run ahead of storage: the next Start continues from what was written.
            this.DeactivateOnIdle();
        }
        finally
        {
            _driving = false;
        }
    }

    /// <summary>Compares the newest run with those before it and decides when it can.</summary>
    private async Task Judge()
    {
        var runs = await Runs();
        var (outcome, correctRun, summary) = VerificationJudge.Decide(
            runs.Select(r => r.Outputs).ToArray(), _options.Fp32Tolerance, _options.Fp16Tolerance);
        var gpus = string.Join(", ", runs.Select(r => r.GpuId));
        if (outcome is { } decided)
        {
            Decide(decided, correctRun, $"{summary} [{gpus}]");
        }
        else
        {
            logger.LogWarning("Verification of {Job}: the check disagrees with the first run ({Problem}) [{Gpus}]; a third run decides", JobId, summary, gpus);
        }
    }

    private void Decide(VerificationOutcome outcome, int correctRun, string summary)
    {
        S.Outcome = outcome;
        S.CorrectRun = correctRun;
        S.Summary = summary;
        // A confirmation is the common case, one per sampled job: at thousands of jobs a second it is not news to an operator.
        logger.Log(outcome switch
            {
                VerificationOutcome.PrimaryWrong or VerificationOutcome.VerifierWrong => LogLevel.Warning,
                VerificationOutcome.Confirmed => LogLevel.Debug,
                _ => LogLevel.Information,
            },
            "Verification of {Job}: {Outcome}: {Summary}", JobId, outcome, summary);
    }

    /// <summary>
    /// Runs the check as a platform job that excludes every GPU of the miners that already ran this job, and waits for
    /// it to end; null when it could not complete (no other miner, the platform could not pay, every attempt failed).
    /// </summary>
    private async Task<VerificationRun?> RunCheck(string checkJobId)
    {
        var excluded = new List<string>();
        foreach (var minerId in S.Runs.Select(r => r.MinerId).Distinct(StringComparer.Ordinal))
        {
            var miner = await GrainFactory.Grain<IMinerGrain>(minerId).GetSnapshot();
            excluded.AddRange(miner?.GpuIds ?? []);
            excluded.AddRange(S.Runs.Where(r => r.MinerId == minerId).Select(r => r.GpuId));
        }

        var inputs = await tensors.LoadAsync(S.Inputs);
        if (inputs is null)
        {
            return null;
        }

        JobView? view;
        try
        {
            view = await PlatformJobs.RunToEnd(GrainFactory.Grain<IJobGrain>(checkJobId), new JobSubmission(
                LedgerAccounts.Platform, S.ModelId!, S.JobType, inputs, S.LatencyClass, S.Client, null, S.PricePerRun, null,
                ExcludedGpus: excluded.Distinct(StringComparer.Ordinal).ToArray(), VerifiesJobId: JobId, Precision: S.Precision), jobOptions.Value.MaxCallWait);
        }
        catch (JobRejectedException ex)
        {
            logger.LogWarning("Verification of {Job}: the check could not be submitted: {Error}", JobId, ex.Message);
            return null;
        }

        if (view is not { Status: JobStatus.Completed, Outputs: { } outputs, GpuId: { } gpuId, MinerSignature: { } signature })
        {
            return null;
        }

        var snapshot = await GrainFactory.GpuRow(gpuId).GetSnapshot();
        return new VerificationRun(checkJobId, gpuId, snapshot?.MinerId ?? gpuId[..Math.Max(0, gpuId.IndexOf(':', StringComparison.Ordinal))], outputs, signature);
    }

    /// <summary>
    /// The wrong run's miner is slashed (once, by incident) with every run's digest and signature, and each GPU's
    /// integrity record learns whether it was right (once, by job). Each step may be repeated after a failed write.
    /// </summary>
    private async Task ApplyConsequences(IReadOnlyList<VerificationRun> runs)
    {
        if (WrongRun() is not { } wrongIndex)
        {
            return;
        }

        var evidence = string.Join("; ", runs.Select(r => r.Evidence)) + $"; {S.Summary}";
        for (var i = 0; i < runs.Count; i++)
        {
            await GrainFactory.Grain<IGpuIntegrityGrain>(runs[i].GpuId).RecordVerdict(runs[i].JobId, i != wrongIndex, evidence);
        }

        if (wrongIndex >= 0)
        {
            await slashing.Slash(runs[wrongIndex].MinerId, SlashReason.WrongResult, $"verify:{JobId}", evidence);
        }
    }

    /// <summary>
    /// Each check's GPU learns in its QoS whether it was right, once, after the write that ends the consequences. The
    /// check job recorded its own run already, and the first GPU's QoS hears the verdict from the job itself.
    /// </summary>
    private async Task AmendCheckersQos(IReadOnlyList<VerificationRun> runs)
    {
        if (WrongRun() is not { } wrongIndex)
        {
            return;
        }

        for (var i = 1; i < runs.Count; i++)
        {
            var correct = i != wrongIndex;
            await GrainFactory.GpuRow(runs[i].GpuId).RecordOutcome(
                new JobOutcome(runs[i].JobId, correct, correct, 0, 0, 0, correct ? JobOutcomeKind.Success : JobOutcomeKind.WrongResult, Verified: true, AmendsRecorded: true));
        }
    }

    /// <summary>Which run was wrong (-1: none); null when the outcome judged nobody (unverified, inconclusive).</summary>
    private int? WrongRun() => S.Outcome switch
    {
        VerificationOutcome.PrimaryWrong => 0,
        VerificationOutcome.VerifierWrong => 1,
        VerificationOutcome.Confirmed => -1,
        _ => null,
    };

    private VerificationVerdict? Verdict(IReadOnlyList<VerificationRun> runs) => S.Outcome is not { } outcome
        ? null
        : new VerificationVerdict(JobId, outcome, S.CorrectRun >= 0 && S.CorrectRun < runs.Count ? runs[S.CorrectRun] : null, S.Summary ?? "");

    private async Task<StoredRun> Store(VerificationRun run) =>
        new(run.JobId, run.GpuId, run.MinerId, await tensors.StoreAsync(run.Outputs), run.Signature);

    private async Task<List<VerificationRun>> Runs()
    {
        var runs = new List<VerificationRun>(S.Runs.Count);
        foreach (var run in S.Runs.Take(MaxRuns))
        {
            var outputs = await tensors.LoadAsync(run.Outputs) ?? new Dictionary<string, TensorData>(StringComparer.Ordinal);
            runs.Add(new VerificationRun(run.JobId, run.GpuId, run.MinerId, outputs, run.Signature));
        }

        return runs;
    }

    /// <summary>Check jobs look like any other job to the miner that runs them.</summary>
    private static string NewCheckJobId() => $"j-{Guid.NewGuid():N}";
}
