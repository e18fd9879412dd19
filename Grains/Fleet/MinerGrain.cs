using Aitbc.Orleans.Access;
using Aitbc.Orleans.Fleet.Admission;
using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Dispatch;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Staking;
using Aitbc.Orleans.Tensors;
using Aitbc.Orleans.Trust;
using Aitbc.Orleans.Verification;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Fleet;

/// <summary>
/// One miner: identity, GPUs and connection. The observer reference is the miner's outbound connection; it lives only in
/// memory. The rig heartbeats its GPU shard directly, and the shard owns liveness: it ends the session when the rig goes
/// quiet, and asks here every few minutes (and at once when this grain is activated as online) whether this activation
/// still holds the connection: after a silo restart it does not, and the rig's next heartbeat answers "register again".
/// A registration is accepted only from an enrolled miner, signed with its enrolled key over a fresh cluster challenge,
/// and within <see cref="RegistrationRules"/>.
/// </summary>
public sealed class MinerGrain(
    [PersistentState("miner", AitbcConstants.GrainStorage)] IPersistentState<MinerState> state,
    IOptions<FleetOptions> fleetOptions,
    IOptions<VerificationOptions> verificationOptions,
    ClusterTokens tokens,
    DomainTime time,
    ILogger<MinerGrain> logger) : Grain, IMinerGrain
{
    private readonly FleetOptions _options = fleetOptions.Value;
    private IMinerObserver? _observer;

    /// <summary>
    /// The session of the connection this activation holds, opened by each registration and handed to the shard: the
    /// shard names the session it asks about or ended, so an answer about an older one (a registration raced it) is
    /// stale. An identity, not a time: two registrations may share a clock reading.
    /// </summary>
    private Guid? _session;

    /// <summary>Whether this activation has said that its rig runs a daemon from before the one-call heartbeat (once, not per beat).</summary>
    private bool _oldHeartbeatLogged;
    private const int MaxPrefetched = 16;
    private readonly List<string> _prefetched = [];

    /// <summary>The stake refresh in flight, and whether another was asked for while it ran (see RefreshStake).</summary>
    private Task? _stakeRefresh;
    private bool _stakeRefreshAgain;

    private MinerState S => state.State;
    private string MinerId => this.GetPrimaryKeyString();

    /// <summary>The rows of this miner's GPUs.</summary>
    private IGpuShardGrain Gpus => GrainFactory.Grain<IGpuShardGrain>(MinerId);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        S.Upgrade();
        if (S.Online)
        {
            // Stored as online, but this activation holds no connection: the last one ended with its silo. The shard asks
            // only every few minutes; asking it now, after activation (it calls IsConnected back), ends the session at
            // once, so the rig's next heartbeat registers again and no more jobs are sent to a rig nobody can reach.
            IGrainTimer? check = null;
            check = this.RegisterGrainTimer(async () =>
            {
                check?.Dispose();
                await Gpus.CheckConnection();
            }, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
        }

        return Task.CompletedTask;
    }

    public async Task<MinerSnapshot> Register(MinerRegistration registration, IMinerObserver observer)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(observer);
        registration = await Admit(registration);
        var now = time.GetUtcNow();
        var removed = S.GpuIds.Except(registration.Gpus.Select(g => g.GpuId)).ToArray();
        if (S.Registration is not null)
        {
            S.Reconnects++;
        }

        S.Accept(registration);
        S.Online = true;
        S.LastHeartbeat = now;
        S.RegisteredAt ??= now;
        _observer = observer;
        var session = Guid.NewGuid();
        _session = session;
        await state.WriteStateAsync();

        if (removed.Length > 0)
        {
            const string reason = "GPU no longer reported by its miner";
            await TellJobs(await Gpus.MarkOffline(removed, reason), reason);
        }

        await Gpus.Register(registration.Gpus, session);
        await RefreshStake();

        // Each GPU is challenged soon after registering and then at random times (its own grain decides when). Without
        // challenges there is nothing to schedule, and no challenge grain need be activated per GPU.
        if (verificationOptions.Value.ChallengeEnabled)
        {
            await Task.WhenAll(registration.Gpus.Select(g => GrainFactory.Grain<IHardwareChallengeGrain>(g.GpuId).Registered()));
        }
        logger.LogInformation("Miner {Miner} registered {Count} GPU(s)", MinerId, registration.Gpus.Count);
        return Snapshot();
    }

    public Task<bool> Heartbeat(IReadOnlyList<GpuHeartbeat> gpus)
    {
        ArgumentNullException.ThrowIfNull(gpus);
        if (!_oldHeartbeatLogged)
        {
            _oldHeartbeatLogged = true;
            logger.LogWarning("Miner {Miner} heartbeats its miner grain, as daemons before the one-call heartbeat did: forwarded to its GPU shard; upgrade the daemon", MinerId);
        }

        return Gpus.Heartbeat(gpus);
    }

    public Task<bool> IsConnected(Guid session, DateTimeOffset heardAt)
    {
        var connected = S.Registration is not null && _observer is not null && S.Online && _session == session;
        if (connected && (S.LastHeartbeat is not { } last || heardAt > last))
        {
            // In memory only: the owner's view of when the rig was last heard, at most a liveness period old.
            S.LastHeartbeat = heardAt;
        }

        return Task.FromResult(connected);
    }

    public async Task SessionEnded(Guid session, string reason)
    {
        if (!S.Online || (_session is { } current && current != session))
        {
            return; // offline already, or registered again since: the session the shard ended is not this connection's
        }

        logger.LogWarning("Miner {Miner}: {Reason}: offline", MinerId, reason);
        S.Online = false;
        _observer = null;
        _session = null;
        await state.WriteStateAsync();
    }

    public async Task Deregister()
    {
        await GoOffline("deregistered");
    }

    public Task<MinerSnapshot?> GetSnapshot() => Task.FromResult(S.Registration is null ? null : Snapshot());

    public Task Dispatch(JobAssignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var observer = ConnectedObserver();

        // Not awaited: the miner grain goes on serving heartbeats and other dispatches while the miner answers.
        _ = Push(observer, assignment);
        return Task.CompletedTask;
    }

    public async Task Prefetch(Models.Deployments.ModelPrefetch prefetch)
    {
        ArgumentNullException.ThrowIfNull(prefetch);
        var observer = ConnectedObserver();

        // Granted before the push: the miner starts downloading as soon as it has it. In memory and bounded (the
        // grant matters only while the download runs; the deployment reports a miner that never finished).
        _prefetched.Remove(prefetch.ModelId);
        _prefetched.Add(prefetch.ModelId);
        if (_prefetched.Count > MaxPrefetched)
        {
            _prefetched.RemoveAt(0);
        }

        await observer.Prefetch(prefetch).WaitAsync(_options.HeartbeatInterval);
    }

    public Task Cancel(string jobId, int attempt)
    {
        if (_observer is { } observer)
        {
            _ = Stop(observer, jobId, attempt);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Stake is per GPU: the routable stake covers floor(stake / minimum) edge GPUs, in registration order; the others
    /// are not routed to until the owner stakes more. Cloud GPUs are operators' and need no stake.
    /// </summary>
    public Task RefreshStake()
    {
        // RefreshStake interleaves, so two refreshes could overlap, and one that read the stake before a deposit could
        // finish last and leave the GPUs unstaked. One runs at a time; a request during a run makes it read again, and
        // every caller awaits a read that started after its call.
        if (_stakeRefresh is { IsCompleted: false } running)
        {
            _stakeRefreshAgain = true;
            return running;
        }

        _stakeRefresh = RefreshStakeUntilSettled();
        return _stakeRefresh;
    }

    /// <summary>The rig's connection, or the refusal that a push to a rig that is not connected gets.</summary>
    private IMinerObserver ConnectedObserver() =>
        _observer is { } observer && S.Online ? observer : throw new MinerUnavailableException($"miner {MinerId} is not connected");

    private async Task RefreshStakeUntilSettled()
    {
        do
        {
            _stakeRefreshAgain = false;
            await RefreshStakeOnce();
        }
        while (_stakeRefreshAgain);
    }

    private async Task RefreshStakeOnce()
    {
        if (S.Registration is null)
        {
            return;
        }

        var routable = await GrainFactory.Grain<IMinerStakeGrain>(MinerId).GetRoutableStake();
        var edgeCount = S.GpuPools.Count(p => p == PoolKind.Edge);
        var covered = StakeCoverage.GpusCovered(routable, _options.MinimumStake, edgeCount);

        // Edge GPUs are covered in the order the miner reported them; other pools need no stake.
        var coverage = new Dictionary<string, bool>(S.GpuIds.Length, StringComparer.Ordinal);
        var edgeIndex = 0;
        for (var i = 0; i < S.GpuIds.Length; i++)
        {
            coverage[S.GpuIds[i]] = S.GpuPools[i] != PoolKind.Edge || edgeIndex++ < covered;
        }

        await Gpus.SetStakeCoverage(coverage);
    }

    private async Task GoOffline(string reason)
    {
        if (S.Registration is null)
        {
            return;
        }

        S.Online = false;
        _observer = null;
        _session = null;
        await state.WriteStateAsync();
        await TellJobs(await Gpus.Disconnect(reason), reason);
    }

    /// <summary>
    /// The hook the Jobs capability uses: a GPU's in-flight work goes back to its jobs for re-routing. Awaited: a job's
    /// GpuLost records the loss and returns without calling anyone (its re-route and any slash run on the job's own
    /// turn), and what jobs call on this grain meanwhile (dispatch, cancel, stake refresh) interleaves.
    /// </summary>
    private async Task TellJobs(IReadOnlyList<ReturnedJob> returned, string reason)
    {
        await Task.WhenAll(returned.Select(r => Notifications.Deliver(
            () => GrainFactory.Grain<IJobGrain>(r.JobId).GpuLost(r.GpuId, reason), logger, $"tell job {r.JobId} that GPU {r.GpuId} was lost")));
    }

    /// <summary>Pushes one assignment; a miner that refuses it or cannot be reached fails the attempt at once.</summary>
    private async Task Push(IMinerObserver observer, JobAssignment assignment)
    {
        try
        {
            await observer.Execute(assignment).WaitAsync(_options.HeartbeatInterval);
        }
        catch (Exception ex)
        {
            logger.LogWarning("Dispatch of {Job} to miner {Miner} failed: {Error}", assignment.JobId, MinerId, ex.Message);
            try
            {
                await GrainFactory.Grain<IJobGrain>(assignment.JobId).Fail(new JobFailure(
                    assignment.JobId, assignment.Attempt, assignment.GpuId, ErrorClass.RetryElsewhere, $"miner {MinerId} did not take the job: {ex.Message}"));
            }
            catch (Exception report) when (report is TimeoutException or OrleansException)
            {
                // The job's acknowledgement timer re-routes it.
                logger.LogWarning("Could not report the failed dispatch of {Job}: {Error}", assignment.JobId, report.Message);
            }
        }
    }

    private async Task Stop(IMinerObserver observer, string jobId, int attempt)
    {
        try
        {
            await observer.Cancel(jobId, attempt).WaitAsync(_options.HeartbeatInterval);
        }
        catch (Exception ex)
        {
            // The assignment's deadline stops the miner anyway, and its late result is ignored.
            logger.LogInformation("Could not tell miner {Miner} to stop {Job}#{Attempt}: {Error}", MinerId, jobId, attempt, ex.Message);
        }
    }

    /// <summary>Checks who is registering and what it claims; returns the registration as the cluster records it.</summary>
    private async Task<MinerRegistration> Admit(MinerRegistration registration)
    {
        if (registration.MinerId != MinerId || MinerId.Contains(':', StringComparison.Ordinal))
        {
            throw Refused($"a registration for '{registration.MinerId}' sent to miner {MinerId}");
        }

        var enrollment = await GrainFactory.Grain<IMinerEnrollmentGrain>(MinerId).Get()
            ?? throw new MinerNotEnrolledException($"miner {MinerId} is not enrolled: enrol it with POST /v1/miners and the owner's key");
        if (registration.PublicKey != enrollment.PublicKey)
        {
            throw Refused($"miner {MinerId} was enrolled with another public key");
        }

        if (tokens.CheckChallenge(registration.Challenge, time.GetUtcNow()) is { } stale)
        {
            throw Refused(stale);
        }

        if (registration.Challenge == S.LastChallenge)
        {
            throw Refused("this challenge was used already; ask for a fresh one");
        }

        if (!VerifySignature(registration, enrollment))
        {
            throw Refused($"the registration is not signed with the key miner {MinerId} was enrolled with");
        }

        var problems = RegistrationRules.Problems(registration, enrollment, _options);
        if (problems.Count > 0)
        {
            throw Refused(string.Join("; ", problems));
        }

        S.LastChallenge = registration.Challenge;
        return RegistrationRules.Normalize(registration, enrollment);
    }

    private static bool VerifySignature(MinerRegistration registration, MinerEnrollment enrollment)
    {
        Span<byte> signature = stackalloc byte[96];
        return registration.Signature is { } text && Convert.TryFromBase64String(text, signature, out var length)
            && ResultSignature.VerifySignature(Convert.FromBase64String(enrollment.PublicKey), MinerRegistrationPayload.For(registration), signature[..length]);
    }

    private RegistrationRefusedException Refused(string reason)
    {
        logger.LogWarning("Registration of miner {Miner} refused: {Reason}", MinerId, reason);
        return new RegistrationRefusedException($"registration refused: {reason}");
    }

    private MinerSnapshot Snapshot() => new(
        MinerId, S.Registration!.OwnerAccountId, S.Registration.PublicKey, S.GpuIds.ToArray(),
        S.Online, S.LastHeartbeat, S.RegisteredAt, S.Reconnects, S.Registration.Simulated, _prefetched.ToArray());
}
