using System.Collections.Concurrent;
using Aitbc.Orleans.Attestation;
using Aitbc.Orleans.Miner.Daemon;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Miner.Attestation;

/// <summary>
/// The daemon's side of software attestation, one schedule per rig: after each registration and whenever the
/// schedule says so, ask the rig's <see cref="IMinerAttestationGrain"/> for a challenge, sign the rig's measurement and
/// the nonce with the rig's enrolled key, and answer. A refusal is logged with the cluster's reason and retried with a
/// backoff (operators may extend the allowlist meanwhile); a failed call is retried the same way. Nothing here stops
/// the daemon: an unattested rig still serves jobs that do not require attestation.
/// </summary>
public sealed class RigAttestation(IGrainFactory grains, DaemonMeasurement measurement, MinerOptions options, ILogger<RigAttestation> logger, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, AttestationSchedule> _schedules = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AttestationResult> _last = new(StringComparer.Ordinal);

    /// <summary>The cluster's last answer to this rig, if any.</summary>
    public AttestationResult? Last(string minerId) => _last.TryGetValue(minerId, out var result) ? result : null;

    public AttestationSchedule Schedule(string minerId) =>
        _schedules.GetOrAdd(minerId, _ => new AttestationSchedule(_clock, options.AttestationRenewAt, jitter: Random.Shared));

    /// <summary>The rig registered (again, perhaps with new GPUs): its attestation must cover what it registered.</summary>
    public void Registered(MinerRig rig)
    {
        ArgumentNullException.ThrowIfNull(rig);
        Schedule(rig.MinerId).Registered();
    }

    /// <summary>Attests the rig if its schedule says so; never throws but for cancellation. True when an attempt was made.</summary>
    public async Task<bool> AttestIfDueAsync(MinerRig rig, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rig);
        var schedule = Schedule(rig.MinerId);
        if (!options.Attest || !schedule.IsDue)
        {
            return false;
        }

        try
        {
            var grain = grains.Grain<IMinerAttestationGrain>(rig.MinerId);
            var challenge = await grain.Challenge().WaitAsync(cancellationToken);
            var evidence = AttestationPayload.Sign(rig.MinerId, challenge.Nonce, measurement.Measure(rig.Devices), rig.Identity.Key.Sign);
            var result = await grain.Attest(evidence).WaitAsync(cancellationToken);
            _last[rig.MinerId] = result;
            if (result is { Accepted: true, ValidUntil: { } until })
            {
                var next = schedule.Accepted(until);
                logger.LogInformation("Miner {Miner} attested until {Until} (integrity {Score}); attesting again at {Next}",
                    rig.MinerId, until, result.IntegrityScore, next);
            }
            else
            {
                var retry = schedule.Failed(refused: true);
                logger.LogWarning("Miner {Miner}: the cluster refused its attestation: {Reason}. Jobs that require attestation will not be routed to it; trying again in {Retry}",
                    rig.MinerId, result.RefusedReason ?? "no reason given", retry);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            var retry = schedule.Failed(refused: false);
            logger.LogWarning("Miner {Miner}: attestation failed ({Error}); trying again in {Retry}", rig.MinerId, ex.Message, retry);
        }

        return true;
    }
}
