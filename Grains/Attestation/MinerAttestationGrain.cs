using System.Security.Cryptography;
using Aitbc.Orleans.Access;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Attestation;

/// <summary>
/// One miner's attestation. A challenge's nonce is used up by the first answer to it, accepted or not, before anything
/// is checked, so a replayed answer always fails; an answer after the challenge's lifetime fails as stale. An accepted
/// answer marks the miner's GPUs attested until it expires (<see cref="IGpuShardGrain.SetAttestedUntil"/>; the GPU compares
/// with its clock on every reservation, so a lapsed attestation is never honoured); a refused one withdraws it.
/// </summary>
public sealed class MinerAttestationGrain(
    [PersistentState("attestation", AitbcConstants.GrainStorage)] IPersistentState<MinerAttestationState> state,
    IEnumerable<IAttestationVerifier> verifiers,
    IOptions<AttestationOptions> options,
    DomainTime time,
    ILogger<MinerAttestationGrain> logger) : Grain, IMinerAttestationGrain
{
    private const int MaxOpenChallenges = 4;

    private readonly AttestationOptions _options = options.Value;

    private MinerAttestationState S => state.State;
    private string MinerId => this.GetPrimaryKeyString();

    public async Task<AttestationChallenge> Challenge()
    {
        var now = time.GetUtcNow();
        S.Open.RemoveAll(c => c.ExpiresAt <= now);
        var challenge = new AttestationChallenge(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), now + _options.ChallengeLifetime);
        S.Open.Add(challenge);
        if (S.Open.Count > MaxOpenChallenges)
        {
            S.Open.RemoveRange(0, S.Open.Count - MaxOpenChallenges);
        }

        await state.WriteOrDeactivate(this);
        return challenge;
    }

    public async Task<AttestationResult> Attest(AttestationEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var now = time.GetUtcNow();
        if (evidence.MinerId != MinerId)
        {
            return Refused("the evidence names another miner", evidence.Kind);
        }

        var challenge = S.Open.Find(c => c.Nonce == evidence.Nonce);
        if (challenge is null)
        {
            return await Refuse("the nonce was not issued to this miner, or was used already", evidence.Kind);
        }

        // Used up before any check: whatever follows, this nonce never counts again.
        S.Open.Remove(challenge);
        if (challenge.ExpiresAt <= now)
        {
            return await Refuse($"the challenge expired at {challenge.ExpiresAt:O}: stale", evidence.Kind);
        }

        var enrollment = await GrainFactory.Grain<IMinerEnrollmentGrain>(MinerId).Get();
        if (enrollment is null)
        {
            return await Refuse("the miner is not enrolled", evidence.Kind);
        }

        var verifier = verifiers.FirstOrDefault(v => v.Kind == evidence.Kind);
        if (verifier is null)
        {
            return await Refuse($"no verifier for '{evidence.Kind}' evidence", evidence.Kind);
        }

        var policy = await GrainFactory.Grain<IAttestationPolicyGrain>(0).Get();
        var verdict = verifier.Verify(evidence, enrollment.PublicKey, policy, now);
        if (!verdict.Accepted)
        {
            return await Refuse(verdict.RefusedReason!, evidence.Kind);
        }

        var miner = await GrainFactory.Grain<IMinerGrain>(MinerId).GetSnapshot();
        var validUntil = now + _options.Validity;
        var gpus = miner?.GpuIds.ToList() ?? [];
        var dropped = S.Gpus.Except(gpus, StringComparer.Ordinal).ToArray();
        S.ValidUntil = validUntil;
        S.Measurement = evidence.Measurement;
        S.IntegrityScore = verdict.IntegrityScore;
        S.Deductions = [.. verdict.Deductions];
        S.Kind = verifier.Kind;
        S.LastRefusal = null;
        S.Gpus = gpus;
        await state.WriteOrDeactivate(this);
        var rows = GrainFactory.Grain<IGpuShardGrain>(MinerId);
        await rows.SetAttestedUntil(gpus, validUntil);
        if (dropped.Length > 0)
        {
            await rows.SetAttestedUntil(dropped, null);
        }
        logger.LogInformation("Miner {Miner} attested ({Kind}) until {Until}, integrity {Score}", MinerId, verifier.Kind, validUntil, verdict.IntegrityScore);
        return new AttestationResult(true, null, validUntil, verdict.IntegrityScore, verdict.Deductions, verifier.Kind);
    }

    public Task<AttestationStatus> Get()
    {
        var attested = S.ValidUntil > time.GetUtcNow();
        return Task.FromResult(new AttestationStatus(
            MinerId, attested, S.ValidUntil, S.Measurement, attested ? S.IntegrityScore : 0, S.Deductions.ToArray(), S.LastRefusal, S.Kind));
    }

    /// <summary>Records the refusal and withdraws any attestation (the miner's software no longer passes, or someone else answers for it).</summary>
    private async Task<AttestationResult> Refuse(string reason, string kind)
    {
        logger.LogWarning("Attestation of miner {Miner} refused: {Reason}", MinerId, reason);
        var gpus = S.Gpus.ToArray();
        S.LastRefusal = reason;
        S.ValidUntil = null;
        S.Gpus = [];
        await state.WriteOrDeactivate(this);
        if (gpus.Length > 0)
        {
            await GrainFactory.Grain<IGpuShardGrain>(MinerId).SetAttestedUntil(gpus, null);
        }
        return Refused(reason, kind);
    }

    private static AttestationResult Refused(string reason, string kind) => new(false, reason, null, 0, [], kind);
}
