using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Verification;

/// <summary>
/// A GPU's integrity record, in a grain of its own so the fleet grains stay small: verification verdicts, timeouts and
/// hardware challenges. It tells the GPU grain to stop routing (one hook, <see cref="IGpuGrain.SetIntegrityBlock"/>)
/// when the GPU has been caught wrong too often or failed a challenge. Bounded: the last 64 counted ids, 32 timeouts,
/// 8 pieces of evidence and 8 flags.
/// </summary>
public sealed class GpuIntegrityGrain(
    [PersistentState("integrity", AitbcConstants.GrainStorage)] IPersistentState<GpuIntegrityState> state,
    IOptions<VerificationOptions> options,
    DomainTime time,
    ILogger<GpuIntegrityGrain> logger) : Grain, IGpuIntegrityGrain
{
    private const int CountedCap = 64;
    private const int TimeoutCap = 32;
    private const int EvidenceCap = 8;
    private const int FlagCap = 8;

    private readonly VerificationOptions _options = options.Value;

    private GpuIntegrityState S => state.State;
    private string GpuId => this.GetPrimaryKeyString();

    public Task<double> SamplingRate(double qosScore)
    {
        var now = time.GetUtcNow();
        var elevated = S.Verified < _options.NewGpuVerifiedJobs
            || qosScore < _options.LowQosScore
            || (S.LastOffenceAt is { } last && now - last < _options.RecentOffenceWindow);
        return Task.FromResult(elevated ? _options.SuspectRate : _options.DefaultRate);
    }

    public async Task<GpuIntegrityView> RecordVerdict(string jobId, bool correct, string evidence)
    {
        if (!Count($"verdict:{jobId}"))
        {
            await PushBlock();
            return View();
        }

        var blockedBefore = S.BlockedReason;
        S.Verified++;
        if (!correct)
        {
            S.Wrong++;
            S.LastOffenceAt = time.GetUtcNow();
            Remember(S.RecentEvidence, $"wrong result: {evidence}", EvidenceCap);
            if (S.Wrong >= _options.WrongResultsBeforeBlock)
            {
                S.BlockedReason ??= $"{S.Wrong} wrong results caught by verification";
            }
        }

        await WriteAndPush(blockChanged: S.BlockedReason != blockedBefore);
        return View();
    }

    public async Task<bool> RecordTimeout(string jobId)
    {
        if (!Count($"timeout:{jobId}"))
        {
            return false;
        }

        var now = time.GetUtcNow();
        S.Timeouts.RemoveAll(t => now - t >= _options.TimeoutWindow);
        S.Timeouts.Add(now);
        if (S.Timeouts.Count > TimeoutCap)
        {
            S.Timeouts.RemoveAt(0);
        }

        var slash = S.Timeouts.Count >= _options.TimeoutsBeforeSlash;
        if (slash)
        {
            S.LastOffenceAt = now;
        }

        await state.WriteOrDeactivate(this);
        return slash;
    }

    public async Task<GpuIntegrityView> RecordChallenge(HardwareChallengeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!Count($"challenge:{result.ChallengeId}"))
        {
            await PushBlock();
            return View();
        }

        var blockedBefore = S.BlockedReason;
        if (!result.AnswerCorrect)
        {
            S.LastOffenceAt = time.GetUtcNow();
            S.BlockedReason = $"hardware challenge {result.ChallengeId} answered wrong: {result.Detail}";
            Remember(S.RecentEvidence, S.BlockedReason, EvidenceCap);
        }
        else if (result.Slowdown >= _options.ChallengeSlowdownFlag)
        {
            var flag = $"suspected misreported model: challenge {result.ChallengeId} ran {result.Slowdown:F1}x slower than the profile implies "
                + $"({result.MeasuredMs:F1} ms, expected {result.ExpectedMs:F1} ms)";
            Remember(S.Flags, flag, FlagCap);
            logger.LogWarning("GPU {Gpu}: {Flag}", GpuId, flag);
        }

        await WriteAndPush(blockChanged: S.BlockedReason != blockedBefore);
        return View();
    }

    public async Task<GpuIntegrityView> Clear(string reason)
    {
        logger.LogWarning("GPU {Gpu}: integrity block cleared by an operator ({Reason}); it was: {Blocked}", GpuId, reason, S.BlockedReason);
        S.BlockedReason = null;
        S.Wrong = 0;
        S.Flags.Clear();

        // Pushed even when nothing was blocked here: an operator's clear is also how a row that holds a stale block heals.
        await WriteAndPush(blockChanged: true);
        return View();
    }

    public Task<GpuIntegrityView> Get() => Task.FromResult(View());

    /// <summary>
    /// Writes the record, marking a changed block unpushed in the same write, then hands the block to the GPU's row if
    /// it is unpushed. Most verdicts are correct and change no block, so they cost the row no call.
    /// </summary>
    private async Task WriteAndPush(bool blockChanged)
    {
        S.BlockUnpushed |= blockChanged;
        await state.WriteOrDeactivate(this);
        await PushBlock();
    }

    /// <summary>Hands the row a block it may not have (also on a repeated report, which retries a lost push).</summary>
    private async Task PushBlock()
    {
        if (S.BlockUnpushed)
        {
            await GrainFactory.GpuRow(GpuId).SetIntegrityBlock(S.BlockedReason);
            S.BlockUnpushed = false;
        }
    }

    /// <summary>Whether this id is new (then it is remembered, within the cap).</summary>
    private bool Count(string id)
    {
        if (S.Counted.Contains(id))
        {
            return false;
        }

        Remember(S.Counted, id, CountedCap);
        return true;
    }

    private static void Remember(List<string> list, string item, int cap)
    {
        list.Add(item);
        if (list.Count > cap)
        {
            list.RemoveRange(0, list.Count - cap);
        }
    }

    private GpuIntegrityView View()
    {
        var now = time.GetUtcNow();
        return new GpuIntegrityView(
            GpuId, S.Verified, S.Wrong, S.Timeouts.Count(t => now - t < _options.TimeoutWindow), S.LastOffenceAt, S.BlockedReason,
            S.Flags.ToArray(), S.RecentEvidence.ToArray());
    }
}
