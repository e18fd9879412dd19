using System.Security.Cryptography;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Tensors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Verification;

/// <summary>
/// Sends one GPU its hardware challenges: soon after it registers, then after a wait drawn at random (OS CSPRNG) between
/// the configured bounds, so the rig cannot tell when the next one comes. A challenge is an ordinary-looking inference
/// job of the platform's account (platform-paid, no fee, never sampled), pinned to this GPU, on a model with a plain
/// name whose weights are fixed per deployment and an input drawn fresh for each challenge; the cluster keeps the input's
/// seed, so only it knows the answer. The answer is judged by <see cref="HardwareChallengeEvaluator"/> and recorded in
/// the GPU's integrity record: a wrong answer blocks the GPU, a run far slower than its profile flags it.
/// Crash-safe: the challenge is written before its job is submitted (submission is idempotent by job id), and a
/// reminder (one per online GPU, its period the schedule's resolution) picks up a challenge the activation lost.
/// </summary>
public sealed class HardwareChallengeGrain(
    [PersistentState("challenge", AitbcConstants.GrainStorage)] IPersistentState<HardwareChallengeState> state,
    IOptions<VerificationOptions> options,
    IOptions<JobOptions> jobOptions,
    DomainTime time,
    ILogger<HardwareChallengeGrain> logger) : Grain, IHardwareChallengeGrain, IRemindable
{
    private const string ReminderName = "hardware-challenge";

    private readonly VerificationOptions _options = options.Value;
    private IGrainTimer? _drive;
    private bool _driving;
    private bool _reminderArmed;

    private HardwareChallengeState S => state.State;
    private string GpuId => this.GetPrimaryKeyString();

    public async Task Registered()
    {
        if (!_options.ChallengeEnabled)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (S.Current is null)
        {
            var recent = S.LastIssuedAt is { } last && now - last < _options.ChallengeRegistrationGap;
            var due = recent ? S.NextDueAt ?? NextAfter(now) : now;
            if (S.NextDueAt != due)
            {
                S.NextDueAt = due;
                await state.WriteOrDeactivate(this);
            }
        }

        await ArmReminder();
        ArmDrive();
    }

    public async Task<string> ChallengeNow()
    {
        var current = S.Current ?? await Issue()
            ?? throw new InvalidOperationException($"GPU {GpuId} cannot be challenged now: {S.LastOutcome}");
        await ArmReminder();
        ArmDrive();
        return current.JobId;
    }

    public Task<HardwareChallengeView> Get() =>
        Task.FromResult(new HardwareChallengeView(GpuId, S.Current?.JobId, S.NextDueAt, S.Issued, S.LastResult, S.LastOutcome));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!_options.ChallengeEnabled)
        {
            await StopReminder();
            return;
        }

        _reminderArmed = true;
        ArmDrive();
    }

    private void ArmDrive()
    {
        // Interleaved: waiting on the challenge job must not hold up a registration or a read.
        _drive ??= this.RegisterGrainTimer(_ => Drive(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
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
            if (S.Current is null && (S.NextDueAt is not { } due || due > time.GetUtcNow() || await Issue() is null))
            {
                return;
            }

            await Run(S.Current!);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The reminder drives it again from what was stored: memory must not run ahead of storage.
            logger.LogWarning("Hardware challenge of GPU {Gpu} paused: {Error}", GpuId, ex.Message);
            this.DeactivateOnIdle();
        }
        finally
        {
            _driving = false;
            _drive?.Dispose();
            _drive = null;
        }
    }

    /// <summary>Sizes a challenge to the GPU's claimed fp32 throughput and writes it down; null when the GPU cannot be challenged now.</summary>
    private async Task<PendingChallenge?> Issue()
    {
        var now = time.GetUtcNow();
        var gpu = await GrainFactory.GpuRow(GpuId).GetSnapshot();
        if (gpu is not { Online: true })
        {
            // Nothing to challenge; the next registration arms it again. Only online GPUs hold a reminder.
            S.NextDueAt = null;
            S.LastOutcome = "the GPU is offline: challenges resume when it registers again";
            await state.WriteOrDeactivate(this);
            await StopReminder();
            return null;
        }

        if (gpu.Profile.Fp32Tflops <= 0)
        {
            S.NextDueAt = NextAfter(now);
            S.LastOutcome = $"profile '{gpu.Profile.Name}' claims no fp32 throughput to size a challenge to";
            await state.WriteOrDeactivate(this);
            logger.LogInformation("GPU {Gpu} not challenged: {Outcome}", GpuId, S.LastOutcome);
            return null;
        }

        S.Current = new PendingChallenge(
            $"j-{Guid.NewGuid():N}", RandomNumberGenerator.GetInt32(int.MaxValue), gpu.Profile.Fp32Tflops, now, _options.ChallengeModelSeed,
            _options.ChallengeWidth, _options.ChallengeLayers, _options.ChallengeMaxBatch, _options.ChallengeTargetSeconds);
        S.LastIssuedAt = now;
        S.Issued++;
        S.NextDueAt = null;
        await state.WriteOrDeactivate(this);
        logger.LogInformation("Hardware challenge {Job} sent to GPU {Gpu} (sized to {Tflops} fp32 TFLOPS claimed by profile {Profile})",
            S.Current.JobId, GpuId, gpu.Profile.Fp32Tflops, gpu.Profile.Name);
        return S.Current;
    }

    /// <summary>Submits the challenge's job (again, after a restart: idempotent), waits for it, judges and records the answer.</summary>
    private async Task Run(PendingChallenge challenge)
    {
        var spec = ChallengeModels.Build(
            challenge.ClaimedFp32Tflops, challenge.ModelSeed, challenge.TargetSeconds, challenge.Width, challenge.Layers, challenge.MaxBatch,
            inputSeed: challenge.InputSeed, name: "mlp");
        var model = await ModelStore.PutAsync(
            GrainFactory, $"mlp-{challenge.Layers}x{challenge.Width}", "platform", LedgerAccounts.Platform, spec.Model.ModelBytes,
            [new TensorSpec(spec.Model.InputName, TensorElementType.Float32, [-1, challenge.Width])],
            [new TensorSpec(spec.Model.OutputName, TensorElementType.Float32, [-1, challenge.Width])], time.GetUtcNow(),
            published: false, originalOnly: true);
        var location = (await GrainFactory.GpuRow(GpuId).GetSnapshot())?.Location ?? new GeoPoint(0, 0);
        JobView? view;
        try
        {
            view = await PlatformJobs.RunToEnd(GrainFactory.Grain<IJobGrain>(challenge.JobId), new JobSubmission(
                LedgerAccounts.Platform, model.ModelId, JobType.Inference,
                new Dictionary<string, TensorData>(StringComparer.Ordinal) { [spec.Model.InputName] = spec.Input },
                LatencyClass.Standard, location, null, _options.ChallengeMaxPrice, null, PinnedGpu: GpuId,
                Precision: Fleet.Profiles.Precision.Fp32), jobOptions.Value.MaxCallWait);
        }
        catch (JobRejectedException ex)
        {
            await Finish(null, $"challenge {challenge.JobId} could not be submitted: {ex.Message}");
            return;
        }

        if (view is not { Status: JobStatus.Completed, Outputs: { } outputs })
        {
            await Finish(null, $"challenge {challenge.JobId} was not answered: {view?.Status} {view?.Error}");
            return;
        }

        var result = outputs.TryGetValue(spec.Model.OutputName, out var answer)
            ? HardwareChallengeEvaluator.Evaluate(
                challenge.JobId, spec.CheckedRows, spec.ExpectedRows, answer, view.Timings.InferenceMs, spec.Flops, challenge.ClaimedFp32Tflops,
                _options.Fp32Tolerance)
            : new HardwareChallengeResult(challenge.JobId, false, view.Timings.InferenceMs, 0, $"the answer has no output '{spec.Model.OutputName}'");
        var record = await GrainFactory.Grain<IGpuIntegrityGrain>(GpuId).RecordChallenge(result);
        var outcome = !result.AnswerCorrect ? $"answered wrong, GPU blocked: {result.Detail}"
            : result.Slowdown >= _options.ChallengeSlowdownFlag ? $"answered right but {result.Slowdown:F1}x slower than the profile implies: flagged"
            : "answered right";
        await Finish(result, $"challenge {challenge.JobId} {outcome}{(record.Blocked && result.AnswerCorrect ? " (the GPU is blocked for another reason)" : "")}");
    }

    private async Task Finish(HardwareChallengeResult? result, string outcome)
    {
        var now = time.GetUtcNow();
        S.LastResult = result ?? S.LastResult;
        S.LastOutcome = outcome;
        S.Current = null;
        S.NextDueAt = NextAfter(now);
        await state.WriteOrDeactivate(this);
        logger.Log(result is { AnswerCorrect: true } ? LogLevel.Information : LogLevel.Warning, "GPU {Gpu}: {Outcome}; next challenge at {Next}", GpuId, outcome, S.NextDueAt);
    }

    /// <summary>A wait drawn uniformly between the bounds from the OS CSPRNG: the rig cannot predict it.</summary>
    private DateTimeOffset NextAfter(DateTimeOffset now)
    {
        var min = _options.ChallengeMinInterval;
        var span = Math.Max(0, (_options.ChallengeMaxInterval - min).Ticks);
        return now + min + TimeSpan.FromTicks((long)(span * (RandomNumberGenerator.GetInt32(int.MaxValue) / (double)int.MaxValue)));
    }

    private async Task ArmReminder()
    {
        if (!_reminderArmed)
        {
            var period = _options.ChallengeCheckPeriod < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : _options.ChallengeCheckPeriod;
            await this.RegisterOrUpdateReminder(ReminderName, period, period);
            _reminderArmed = true;
        }
    }

    private async Task StopReminder()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        _reminderArmed = false;
    }
}
