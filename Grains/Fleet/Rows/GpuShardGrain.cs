using System.Diagnostics.CodeAnalysis;
using Aitbc.Orleans.Fleet.Deltas;
using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Ledger;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Fleet.Rows;

/// <summary>
/// One miner's GPUs as rows of one activation: a GPU costs a <see cref="GpuRow"/> and its state, not an activation of
/// its own (an empty activation alone is about 1.9 KB). Bookings are serialised by this grain, so double booking is
/// impossible. Each call changes rows, then writes at most once (registration, going offline, a rental, a thermal
/// change, the flags other grains own, and the periodic telemetry write), then sends the changed routing summaries to
/// the regions. Reservations, releases and job outcomes write nothing: the job's record owns the durable assignment;
/// bookings and counters ride on the next write and on deactivation (a crash loses at most one telemetry interval of
/// them; a lost release is ended by its lease). Jobs are told about a lost GPU from a timer after the turn, so this
/// grain never waits on a job inside a turn that a job can wait on. It also holds the rig's session: the rig heartbeats
/// here in one call, and this grain ends the session when the rig goes quiet for a liveness period or when the miner
/// grain no longer holds the rig's connection (asked every few minutes, which also keeps that grain activated).
/// </summary>
public sealed class GpuShardGrain(
    [PersistentState("gpus", AitbcConstants.GrainStorage)] IPersistentState<GpuShardState> state,
    GpuClassifier classifier,
    IOptions<FleetOptions> fleetOptions,
    SlashingService slashing,
    RegionDeltaBatcher deltas,
    DomainTime time,
    RegionIndexRebuild rebuild,
    ShardLivenessWatch liveness,
    ILogger<GpuShardGrain> logger) : Grain, IGpuShardGrain
{
    private readonly GpuRowContext _context = new(fleetOptions.Value, classifier, time, logger);
    private DateTimeOffset _lastWrite;
    private bool _unsaved;
    private IGrainTimer? _confirmation;

    /// <summary>When the rig was last heard (registration or heartbeat); null while there is no session (register again).</summary>
    private DateTimeOffset? _heardAt;

    /// <summary>The miner grain's name for the connection of this session (see <see cref="IMinerGrain.IsConnected"/>).</summary>
    private Guid _session;

    /// <summary>When the shard next asks its miner grain whether it still holds the rig's connection (domain clock).</summary>
    private DateTimeOffset _connectionCheckDue;

    /// <summary>After the liveness period, so that the check finds it over (it ends only after more than the period).</summary>
    private static readonly TimeSpan LivenessSlack = TimeSpan.FromMilliseconds(250);

    private FleetOptions Options => _context.Options;

    private IMinerGrain Miner => GrainFactory.Grain<IMinerGrain>(this.GetPrimaryKeyString());

    /// <summary>Every row; each hangs off its state, so the shard keeps one dictionary of GPUs, not two.</summary>
    private IEnumerable<GpuRow> Rows => state.State.Gpus.Values.Select(g => g.Row!);

    private bool TryRow(string gpuId, [NotNullWhen(true)] out GpuRow? row)
    {
        row = state.State.Gpus.TryGetValue(gpuId, out var gpu) ? gpu.Row : null;
        return row is not null;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var restoredOnline = false;
        foreach (var (gpuId, gpu) in state.State.Gpus)
        {
            var row = new GpuRow(gpuId, gpu, _context);
            if (gpu.Registration is not null)
            {
                row.Classify();

                // A reactivation after a silo crashed or stopped. Nothing else would tell these GPUs that their miner died
                // with that silo, so unless a registration or heartbeat arrives within one liveness period they go offline.
                row.Unconfirmed = gpu.Online;
                restoredOnline |= gpu.Online;
            }

            gpu.Row = row;
        }

        FollowRegions();
        if (restoredOnline)
        {
            _confirmation = this.RegisterGrainTimer(
                _ => Run(Rows, static (row, turn) => row.ConfirmLiveness(turn)),
                new GrainTimerCreationOptions(Options.OfflineAfter, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        rebuild.Forget(this.GetPrimaryKeyString());
        liveness.Forget(this.GetPrimaryKeyString());
        if (_unsaved)
        {
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public async Task Register(IReadOnlyList<GpuRegistration> gpus, Guid session)
    {
        ArgumentNullException.ThrowIfNull(gpus);
        var minerId = this.GetPrimaryKeyString();
        if (gpus.FirstOrDefault(g => GpuRowRef.MinerOf(g.GpuId) != minerId) is { } foreign)
        {
            throw new RegistrationRefusedException($"GPU {foreign.GpuId} is not a GPU of miner {minerId}");
        }

        // Sized once for the rig: grown one GPU at a time, the dictionary ends up to twice the rig's size.
        var gpuStates = state.State.Gpus;
        gpuStates.EnsureCapacity(gpuStates.Count + gpus.Count(g => !gpuStates.ContainsKey(g.GpuId)));
        var turn = new ShardTurn();
        foreach (var row in Rows)
        {
            row.InSession = false;
        }

        var rows = gpus.Select(g => RowFor(g.GpuId)).ToArray();
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i].Register(gpus[i], turn);
            rows[i].InSession = true;
        }

        var opened = time.GetUtcNow();
        _heardAt = opened;
        _connectionCheckDue = opened + Options.ConnectionCheckInterval;
        _session = session;
        ArmLiveness();
        FollowRegions();
        await Complete(turn);
    }

    public Task Republish(string region) =>
        Run(Rows.Where(r => r.State.Region == region), static (row, turn) => row.Republish(turn));

    public async Task<bool> Heartbeat(IReadOnlyList<GpuHeartbeat> gpus)
    {
        ArgumentNullException.ThrowIfNull(gpus);
        if (_heardAt is null)
        {
            return false;
        }

        _heardAt = time.GetUtcNow();

        // Pushes the liveness check back past this heartbeat (a dictionary write in the silo's watch), so a rig that keeps
        // heartbeating is checked only when its miner grain's connection is due a look, not once every liveness period.
        ArmLiveness();
        var turn = new ShardTurn();
        foreach (var gpu in gpus)
        {
            if (TryRow(gpu.GpuId, out var row) && row.InSession)
            {
                row.Heartbeat(gpu.Telemetry, Models.WarmModels.Of(gpu.WarmModels), _lastWrite, turn);
            }
        }

        await Complete(turn);
        return true;
    }

    public Task CheckLiveness() => Check(askMiner: false);

    public Task CheckConnection() => Check(askMiner: true);

    private async Task Check(bool askMiner)
    {
        try
        {
            if (_heardAt is not { } heard)
            {
                return;
            }

            var now = time.GetUtcNow();
            string? ended = null;
            if (now - heard > Options.OfflineAfter)
            {
                ended = $"missed {Options.MissedHeartbeatsBeforeOffline} heartbeats";
            }
            else if ((askMiner || now >= _connectionCheckDue) && await MinerLostConnection(heard, now))
            {
                ended = "its miner grain no longer holds the rig's connection (a silo restarted)";
            }

            if (ended is not null)
            {
                await EndSessionForLiveness(ended);
            }
        }
        finally
        {
            ArmLiveness();
        }
    }

    /// <summary>
    /// Asks the miner grain, waiting a few seconds at most: this turn holds the rig's heartbeats and reservations, and a
    /// miner grain on a silo that died answers only when the cluster has noticed. No answer ends nothing; the next
    /// liveness tick asks again.
    /// </summary>
    private async Task<bool> MinerLostConnection(DateTimeOffset heard, DateTimeOffset now)
    {
        try
        {
            var connected = await Miner.IsConnected(_session, heard).WaitAsync(Options.HeartbeatInterval / 3);
            _connectionCheckDue = now + Options.ConnectionCheckInterval;
            return !connected;
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            logger.LogInformation("Miner {Miner}: no answer about its connection: {Error}", this.GetPrimaryKeyString(), ex.Message);
            _connectionCheckDue = now + Options.OfflineAfter;
            return false;
        }
    }

    /// <summary>The rig's GPUs go offline, their jobs are told and the miner grain hears, both after this turn.</summary>
    private async Task EndSessionForLiveness(string reason)
    {
        logger.LogWarning("Miner {Miner}: {Reason}: its GPUs go offline", this.GetPrimaryKeyString(), reason);
        var turn = new ShardTurn();
        foreach (var lost in EndSession(reason, turn).GroupBy(r => r.GpuId))
        {
            turn.Notify(new LostJobsNotice(lost.Key, lost.Select(r => r.JobId).ToArray(), reason, "the loss"));
        }

        await Complete(turn);
        var session = _session;
        AfterThisTurn(() => Notifications.Deliver(
            () => Miner.SessionEnded(session, reason), logger, $"tell miner {this.GetPrimaryKeyString()} that its session ended"));
    }

    public async Task<IReadOnlyList<ReturnedJob>> Disconnect(string reason)
    {
        var turn = new ShardTurn();
        var returned = EndSession(reason, turn);
        ArmLiveness();
        await Complete(turn);
        return returned;
    }

    public Task HeartbeatGpu(string gpuId, GpuTelemetry telemetry, ulong warmModels)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        return Run(gpuId, (row, turn) => row.Heartbeat(telemetry, warmModels, _lastWrite, turn));
    }

    public async Task<GpuSnapshot?> GetSnapshot(string gpuId)
    {
        if (!TryRow(gpuId, out var row))
        {
            return null;
        }

        await Confirm(row);
        return row.State.Registration is null ? null : row.Snapshot();
    }

    public async Task<ReservationResult> TryReserve(string gpuId, ReservationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!TryRow(gpuId, out var row))
        {
            return new ReservationResult(false, "not registered", null);
        }

        await Confirm(row);
        var turn = new ShardTurn();
        var result = row.TryReserve(request, turn);
        await Complete(turn);
        return result.Accepted && result.Summary is null ? result with { Summary = row.Published } : result;
    }

    public Task Release(string gpuId, string bookingId)
    {
        // The most frequent call a shard gets, with TryReserve: no closure.
        if (!TryRow(gpuId, out var row))
        {
            return Task.CompletedTask;
        }

        var turn = new ShardTurn();
        row.Release(bookingId, turn);
        return Complete(turn);
    }

    public Task RecordOutcome(string gpuId, JobOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return Run(RowFor(gpuId), (row, turn) => row.RecordOutcome(outcome, turn));
    }

    public Task ReleaseWithOutcome(string gpuId, string bookingId, JobOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return Run(RowFor(gpuId), (row, turn) =>
        {
            row.Release(bookingId, turn);
            row.RecordOutcome(outcome, turn);
        });
    }

    public Task<IReadOnlyList<GpuJobRecord>> GetRecentJobs(string gpuId) =>
        Task.FromResult<IReadOnlyList<GpuJobRecord>>(TryRow(gpuId, out var row) ? row.RecentJobs() : []);

    public async Task<IReadOnlyList<ReturnedJob>> MarkOffline(IReadOnlyList<string> gpuIds, string reason)
    {
        ArgumentNullException.ThrowIfNull(gpuIds);
        var turn = new ShardTurn();
        var returned = new List<ReturnedJob>();
        foreach (var gpuId in gpuIds)
        {
            if (TryRow(gpuId, out var row))
            {
                returned.AddRange(row.MarkOffline(reason, turn).Select(job => new ReturnedJob(gpuId, job)));
            }
        }

        await Complete(turn);
        return returned;
    }

    public Task SetStakeCoverage(IReadOnlyDictionary<string, bool> sufficient)
    {
        ArgumentNullException.ThrowIfNull(sufficient);
        return Run(sufficient.Keys.Select(RowFor), (row, turn) => row.SetFlag(s => Changed(s.StakeSufficient, sufficient[row.GpuId], v => s.StakeSufficient = v), turn));
    }

    public Task SetIntegrityBlock(string gpuId, string? reason) =>
        Run(RowFor(gpuId), (row, turn) => row.SetFlag(s => Changed(s.IntegrityBlock, reason, v => s.IntegrityBlock = v), turn));

    public Task SetAttestedUntil(IReadOnlyList<string> gpuIds, DateTimeOffset? until)
    {
        ArgumentNullException.ThrowIfNull(gpuIds);
        return Run(gpuIds.Select(RowFor), (row, turn) => row.SetFlag(s => Changed(s.AttestedUntil, until, v => s.AttestedUntil = v), turn));
    }

    private static bool Changed<T>(T current, T next, Action<T> set)
    {
        if (EqualityComparer<T>.Default.Equals(current, next))
        {
            return false;
        }

        set(next);
        return true;
    }

    /// <summary>
    /// The row of a GPU of this miner, made on first use: flags and outcomes may arrive for a GPU whose registration this
    /// activation has not seen. A GPU id of another miner is refused (only a bug could send one).
    /// </summary>
    private GpuRow RowFor(string gpuId)
    {
        if (TryRow(gpuId, out var row))
        {
            return row;
        }

        if (GpuRowRef.MinerOf(gpuId) != this.GetPrimaryKeyString())
        {
            throw new ArgumentException($"GPU {gpuId} is not a GPU of miner {this.GetPrimaryKeyString()}", nameof(gpuId));
        }

        var gpu = new GpuState();
        state.State.Gpus[gpuId] = gpu;
        return gpu.Row = new GpuRow(gpuId, gpu, _context);
    }

    /// <summary>Ends the rig's session: every online GPU goes offline; returns the jobs they ran.</summary>
    private List<ReturnedJob> EndSession(string reason, ShardTurn turn)
    {
        _heardAt = null;
        var returned = new List<ReturnedJob>();
        foreach (var row in Rows)
        {
            row.InSession = false;
            if (row.State is { Registration: not null, Online: true })
            {
                returned.AddRange(row.MarkOffline(reason, turn).Select(job => new ReturnedJob(row.GpuId, job)));
            }
        }

        return returned;
    }

    /// <summary>
    /// The next check falls when the rig would have been silent for the whole liveness period, or when the miner grain's
    /// connection is due a look, whichever comes first. Each heartbeat moves it (the silo's <see cref="ShardLivenessWatch"/>
    /// only notes a later time), so a quiet rig is seen as soon as its period is over and a heartbeating one costs a check
    /// per <see cref="FleetOptions.ConnectionCheckInterval"/>, not one per liveness period (about 500 checks a second at
    /// 100,000 GPUs on 22,000 rigs, sent in bursts every watch tick). No session, nothing watched.
    /// </summary>
    private void ArmLiveness()
    {
        if (_heardAt is not { } heard)
        {
            liveness.Forget(this.GetPrimaryKeyString());
            return;
        }

        var silentUntil = heard + Options.OfflineAfter;
        var due = (_connectionCheckDue < silentUntil ? _connectionCheckDue : silentUntil) - time.GetUtcNow();
        liveness.Watch(this.GetPrimaryKeyString(), LivenessSlack + (due > TimeSpan.Zero ? due : TimeSpan.Zero));
    }

    /// <summary>Tells this silo's region rebuild which regions this shard's GPUs are in.</summary>
    private void FollowRegions() => rebuild.Follow(
        this.GetPrimaryKeyString(),
        Rows.Where(r => r.State.Registration is not null).Select(r => r.State.Region).Distinct(StringComparer.Ordinal));

    private Task Confirm(GpuRow row) => row.Unconfirmed ? Run(row, static (r, turn) => r.ConfirmLiveness(turn)) : Task.CompletedTask;

    private Task Run(string gpuId, Action<GpuRow, ShardTurn> change) =>
        TryRow(gpuId, out var row) ? Run(row, change) : Task.CompletedTask;

    private Task Run(GpuRow row, Action<GpuRow, ShardTurn> change)
    {
        var turn = new ShardTurn();
        change(row, turn);
        return Complete(turn);
    }

    private Task Run(IEnumerable<GpuRow> rows, Action<GpuRow, ShardTurn> change)
    {
        var turn = new ShardTurn();
        foreach (var row in rows.ToArray())
        {
            change(row, turn);
        }

        return Complete(turn);
    }

    /// <summary>Carries out a turn: one write if any row needs it, then region removals and summaries (queued or sent), then notices.</summary>
    private async Task Complete(ShardTurn turn)
    {
        if (turn.Write)
        {
            await state.WriteStateAsync();
            _lastWrite = time.GetUtcNow();
            _unsaved = false;
        }
        else
        {
            _unsaved |= turn.Unsaved;
        }

        if (_confirmation is not null && Rows.All(r => !r.Unconfirmed))
        {
            _confirmation?.Dispose();
            _confirmation = null;
        }

        foreach (var (region, gpuId) in turn.Removals)
        {
            await deltas.Remove(region, gpuId);
        }

        // Reservations, releases, outcomes and telemetry only queue their summary on this silo (no call); what changes
        // whether a GPU may take work at all is sent at once and awaited.
        List<Task>? prompt = null;
        foreach (var (row, wait, slotsOnly) in turn.Publish)
        {
            if (row.TakePublication(wait, slotsOnly) is not { } publication)
            {
                continue;
            }

            if (publication.Prompt)
            {
                (prompt ??= []).Add(deltas.Publish(row.State.Region, publication.Summary));
            }
            else
            {
                deltas.Post(row.State.Region, publication.Summary, publication.Changed);
            }
        }

        if (prompt is not null)
        {
            await Task.WhenAll(prompt);
        }
        foreach (var notice in turn.Notices)
        {
            TellJobsLater(notice);
        }
    }

    /// <summary>
    /// Tells jobs their GPU is gone, from an interleaving timer once this turn is over: what they call back (the slashing
    /// service refreshes the miner's stake) could not be served while this turn waited. The bookings are already gone.
    /// </summary>
    private void TellJobsLater(LostJobsNotice notice) => AfterThisTurn(async () =>
    {
        foreach (var jobId in notice.JobIds)
        {
            await Notifications.Deliver(() => GrainFactory.Grain<IJobGrain>(jobId).GpuLost(notice.GpuId, notice.Reason), logger, $"tell job {jobId} about {notice.What} of {notice.GpuId}");
        }

        if (notice.Slash is { } slash)
        {
            await Notifications.Deliver(
                () => slashing.Slash(slash.MinerId, SlashReason.ThermalEmergency, slash.Incident, slash.Evidence), logger,
                $"slash miner {slash.MinerId} for the thermal emergency of {notice.GpuId}");
        }
    });

    /// <summary>Runs a delivery from an interleaving one-shot timer once this turn is over, so this grain waits on no one inside a turn.</summary>
    private void AfterThisTurn(Func<Task> delivery)
    {
        IGrainTimer? timer = null;
        timer = this.RegisterGrainTimer(async () =>
        {
            timer?.Dispose();
            await delivery();
        }, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
    }
}
