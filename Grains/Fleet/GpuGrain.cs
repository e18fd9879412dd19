using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Fleet.Qos;
using Aitbc.Orleans.Fleet.Regions;
using Aitbc.Orleans.Fleet.Thermal;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Fleet;

/// <summary>
/// One GPU. Owns its bookings (so double booking is impossible: reservations are serialised by the grain), its
/// telemetry window, thermal state and QoS counters. It pushes a routing summary to its region only when that
/// summary changes, so heartbeats stay local. Job reservations, releases and job outcomes write nothing: the job's
/// record owns the durable assignment, and the GPU persists its bookings and counters with its periodic telemetry
/// snapshot and on deactivation (a crash loses at most one snapshot interval of them; a lost release is ended by its
/// lease). Registration, rentals (exclusive bookings), going offline and thermal changes are written at once.
/// </summary>
public sealed class GpuGrain(
    [PersistentState("gpu", AitbcConstants.GrainStorage)] IPersistentState<GpuState> state,
    GpuClassifier classifier,
    IOptions<FleetOptions> fleetOptions,
    SlashingService slashing,
    DomainTime time,
    ILogger<GpuGrain> logger) : Grain, IGpuGrain
{
    private readonly FleetOptions _options = fleetOptions.Value;
    private readonly ThermalStateMachine _thermal = new(fleetOptions.Value);
    private GpuRoutingSummary? _published;
    private ulong _warmModels;
    private DateTimeOffset _publishedAt;
    private DateTimeOffset _lastPersist;

    /// <summary>Bookings or QoS counters changed since the last write.</summary>
    private bool _unsaved;

    /// <summary>Restored from storage as online and not heard from since: its miner may have died with a silo.</summary>
    private bool _unconfirmed;
    private IGrainTimer? _confirmation;

    private GpuState S => state.State;

    /// <summary>Recent job endings for owners (not state: counters and money live elsewhere, this is a view).</summary>
    private readonly Queue<GpuJobRecord> _recentJobs = new();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Registration is not null && S.Online)
        {
            // A reactivation after a silo crashed or stopped. Nothing else would tell this GPU that its miner died with
            // that silo, so unless a registration or heartbeat arrives within one liveness period it goes offline.
            _unconfirmed = true;
            _confirmation = this.RegisterGrainTimer(
                _ => ConfirmLiveness(), new GrainTimerCreationOptions(_options.OfflineAfter, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_unsaved)
        {
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public async Task<GpuSnapshot> Register(GpuRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (S.Registration is { } owned && owned.MinerId != registration.MinerId)
        {
            // GPU ids are namespaced by miner id, so only a bug could get here; never hand a GPU's history to another miner.
            throw new RegistrationRefusedException($"GPU {this.GetPrimaryKeyString()} belongs to miner {owned.MinerId}");
        }

        var now = time.GetUtcNow();
        var classification = classifier.Classify(registration.ReportedName, registration.MemoryMb, registration.Vendor);
        var previousRegion = S.Region;
        var region = RegionCatalog.Default.RegionOf(registration.Location).Id;

        Confirmed();
        S.Registration = registration;
        S.Profile = classification.Profile;
        S.ProfileKnown = classification.IsKnown;
        S.EdgeSuitability = classifier.EdgeSuitability(classification.Profile);
        S.Region = region;
        S.Online = true;
        S.OfflineReason = null;
        S.LastHeartbeat = now;
        if (S.RegisteredAt == default)
        {
            S.RegisteredAt = now;
        }

        await state.WriteStateAsync();
        _lastPersist = now;
        _unsaved = false;

        if (!string.IsNullOrEmpty(previousRegion) && previousRegion != region)
        {
            await GrainFactory.GetGrain<IRegionGrain>(previousRegion).Remove(this.GetPrimaryKeyString());
        }

        _published = null;
        await PublishIfChanged();
        return Snapshot();
    }

    public async Task Heartbeat(GpuTelemetry telemetry, ulong warmModels = 0)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        if (S.Registration is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        Confirmed();
        S.LastHeartbeat = now;
        S.Online = true;
        S.LastTelemetry = telemetry;

        // The miner's claim of the models it holds: kept in memory only (the next heartbeat repeats it), used only to prefer.
        _warmModels = warmModels;
        S.RttEwmaMs = RttModel.Next(S.RttEwmaMs, telemetry.ClusterRttMs);

        var bucket = QosCalculator.BucketFor(S.Qos, now);
        bucket.Heartbeats++;
        if (telemetry is { PowerWatts: > 0 and var watts, UtilisationPercent: > 5 and var utilisation } && S.Profile is not null)
        {
            bucket.EnergyPerfSum += S.Profile.Fp16Tflops * (utilisation / 100.0) / watts;
            bucket.EnergySamples++;
        }

        var before = S.Thermal;
        S.Thermal = _thermal.Next(before, telemetry.TemperatureC);
        var changed = S.Thermal != before;
        if (changed)
        {
            logger.LogInformation("GPU {Gpu} thermal {From} -> {To} at {Temp} C", this.GetPrimaryKeyString(), before, S.Thermal, telemetry.TemperatureC);
        }

        if (S.Thermal == ThermalState.Shutdown && before != ThermalState.Shutdown && telemetry.TemperatureC is { } hot)
        {
            await DrainForThermalEmergency(hot);
        }

        if (changed || now - _lastPersist >= _options.TelemetryPersistInterval)
        {
            await Persist(now);
        }

        await PublishIfChanged(wait: false);
    }

    public async Task<GpuSnapshot?> GetSnapshot()
    {
        await ConfirmLiveness();
        return S.Registration is null ? null : Snapshot();
    }

    public async Task<ReservationResult> TryReserve(ReservationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        await ConfirmLiveness();
        var now = time.GetUtcNow();
        PurgeExpired(now);
        if (S.Bookings.Any(b => b.BookingId == request.BookingId))
        {
            return new ReservationResult(true, null, BuildSummary(now));
        }

        var reason = NotRoutableReason(now) ?? WindowConflict(request, now);
        if (reason is null && request.RequireAttestation && !(S.AttestedUntil > now))
        {
            // Authoritative, like every reservation check: a stale snapshot never sends such a job to an unattested GPU.
            reason = "not attested";
        }

        if (reason is not null)
        {
            return new ReservationResult(false, reason, BuildSummary(now));
        }

        S.Bookings.Add(new ActiveBooking(request.BookingId, request.JobId, request.LeaseUntil, request.Exclusive, request.Exclusive ? request.StartsAt : null));
        if (request.Exclusive)
        {
            // A rental holds the GPU for hours and is paid for up front: it survives a crash of this activation.
            await Persist(now);
        }
        else
        {
            _unsaved = true;
        }

        await PublishIfChanged(); // awaited: a reservation and its release must reach the region in order (posts may overtake each other)
        return new ReservationResult(true, null, _published);
    }

    public async Task Release(string bookingId)
    {
        var index = S.Bookings.FindIndex(b => b.BookingId == bookingId);
        if (index < 0)
        {
            return;
        }

        var released = S.Bookings[index];
        S.Bookings.RemoveAt(index);
        if (released.Exclusive)
        {
            await Persist(time.GetUtcNow());
        }
        else
        {
            _unsaved = true;
        }

        await PublishIfChanged(); // awaited, for the same order (the caller does not wait: Release is one-way)
    }

    public async Task RecordOutcome(JobOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        QosCalculator.Record(QosCalculator.BucketFor(S.Qos, time.GetUtcNow()), outcome);
        if (!outcome.AmendsRecorded)
        {
            GpuJobRecords.Add(_recentJobs, new GpuJobRecord(outcome.JobId, time.GetUtcNow(), outcome.Kind, outcome.LatencyMs, outcome.Price, S.LastTelemetry?.PowerWatts));
        }

        // Counters, not money: they ride on the next periodic snapshot (a wrong result's block is the integrity grain's, written there).
        _unsaved = true;
        await PublishIfChanged();
    }

    public Task<IReadOnlyList<GpuJobRecord>> GetRecentJobs() => Task.FromResult<IReadOnlyList<GpuJobRecord>>(_recentJobs.Reverse().ToArray());

    public async Task<IReadOnlyList<ActiveBooking>> MarkOffline(string reason)
    {
        Confirmed();
        var returned = S.Bookings.Where(b => !b.Exclusive).ToArray();
        DropJobReservations();
        S.Online = false;
        S.OfflineReason = reason;
        await Persist(time.GetUtcNow());
        await PublishIfChanged();
        return returned;
    }

    public async Task SetStakeSufficient(bool sufficient)
    {
        if (S.StakeSufficient != sufficient)
        {
            S.StakeSufficient = sufficient;
            await state.WriteStateAsync();
            await PublishIfChanged();
        }
    }

    public async Task SetIntegrityBlock(string? reason)
    {
        if (S.IntegrityBlock != reason)
        {
            S.IntegrityBlock = reason;
            await state.WriteStateAsync();
            await PublishIfChanged();
        }
    }

    public async Task SetAttestedUntil(DateTimeOffset? until)
    {
        if (S.AttestedUntil != until)
        {
            S.AttestedUntil = until;
            await state.WriteStateAsync();
            await PublishIfChanged();
        }
    }

    private async Task DrainForThermalEmergency(double temperatureC)
    {
        var running = S.Bookings.Where(b => b.JobId is not null).Select(b => b.JobId!).ToArray();
        if (running.Length == 0)
        {
            return;
        }

        var gpuId = this.GetPrimaryKeyString();
        S.Bookings.RemoveAll(b => b.JobId is not null);
        await Persist(time.GetUtcNow());

        var minerId = S.Registration!.MinerId;
        var incident = $"{gpuId}:{time.GetUtcNow().ToUnixTimeSeconds()}";
        var evidence = $"GPU {gpuId} reached {temperatureC:F1} C (shutdown threshold {_options.ShutdownC} C) while running {running.Length} job(s)";
        TellJobsLater(running, $"thermal shutdown at {temperatureC:F1} C", "the thermal shutdown", () => Notifications.Deliver(
            () => slashing.Slash(minerId, SlashReason.ThermalEmergency, incident, evidence), logger, $"slash miner {minerId} for the thermal emergency of {gpuId}"));
    }

    /// <summary>
    /// Tells jobs their GPU is gone, from an interleaving timer once this turn is over: what they call back (the slashing
    /// service refreshes this GPU's stake) could not be served while this turn waited. The bookings are already gone.
    /// </summary>
    private void TellJobsLater(string[] jobIds, string reason, string what, Func<Task>? then = null)
    {
        var gpuId = this.GetPrimaryKeyString();
        IGrainTimer? delivery = null;
        delivery = this.RegisterGrainTimer(async _ =>
        {
            delivery?.Dispose();
            foreach (var jobId in jobIds)
            {
                await Notifications.Deliver(() => GrainFactory.GetGrain<IJobGrain>(jobId).GpuLost(gpuId, reason), logger, $"tell job {jobId} about {what} of {gpuId}");
            }

            if (then is not null)
            {
                await then();
            }
        }, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
    }

    /// <summary>A registration or heartbeat proves the miner alive: a restored activation need not go offline.</summary>
    private void Confirmed()
    {
        _unconfirmed = false;
        _confirmation?.Dispose();
        _confirmation = null;
    }

    /// <summary>
    /// A restored activation whose miner has not been heard from for a liveness period goes offline (checked by a timer
    /// and before every read or reservation, so a fake clock in tests sees it too): its miner died with a silo.
    /// </summary>
    private async Task ConfirmLiveness()
    {
        var now = time.GetUtcNow();
        if (!_unconfirmed || now - (S.LastHeartbeat ?? S.RegisteredAt) <= _options.OfflineAfter)
        {
            return;
        }

        Confirmed();
        var reason = $"no heartbeat for {_options.MissedHeartbeatsBeforeOffline} intervals after a silo restart";
        logger.LogWarning("GPU {Gpu}: {Reason}: offline", this.GetPrimaryKeyString(), reason);
        var running = S.Bookings.Where(b => b.JobId is not null).Select(b => b.JobId!).ToArray();
        DropJobReservations();
        S.Online = false;
        S.OfflineReason = reason;
        await Persist(now);
        await PublishIfChanged();
        if (running.Length > 0)
        {
            TellJobsLater(running, reason, "the loss");
        }
    }

    private async Task Persist(DateTimeOffset now)
    {
        await state.WriteStateAsync();
        _lastPersist = now;
        _unsaved = false;
    }

    private void PurgeExpired(DateTimeOffset now) => S.Bookings.RemoveAll(b => b.LeaseUntil <= now);

    /// <summary>
    /// Jobs end with their GPU going away; booked windows do not: the booking grain owns them (and the money), and the
    /// window is still the tenant's when the rig comes back.
    /// </summary>
    private void DropJobReservations() => S.Bookings.RemoveAll(b => !b.Exclusive);

    /// <summary>Free job slots now: none while a booked window holds the GPU (jobs under it use <see cref="WindowConflict"/>).</summary>
    private int FreeSlots(DateTimeOffset now)
    {
        if (S.Bookings.Any(b => b.Exclusive && b.HoldsAt(now)))
        {
            return 0;
        }

        return Math.Max(0, (S.Registration?.Concurrency ?? 1) - JobsRunning(now));
    }

    private int JobsRunning(DateTimeOffset now) => S.Bookings.Count(b => !b.Exclusive && b.LeaseUntil > now);

    /// <summary>
    /// Why the reservation collides with what the GPU already holds, or null. A booking's window may overlap no other
    /// booking's window nor a running job's lease; a job may not run into a window it does not belong to; a job under
    /// a booking runs only inside that booking's window, on the job slots.
    /// </summary>
    private string? WindowConflict(ReservationRequest request, DateTimeOffset now)
    {
        if (request.UnderBookingId is { } under)
        {
            var window = S.Bookings.Find(b => b.Exclusive && b.BookingId == under);
            return window is null ? $"booking {under} does not hold this GPU"
                : !window.HoldsAt(now) ? $"booking {under} holds this GPU from {window.StartsAt:O}"
                : JobsRunning(now) >= (S.Registration?.Concurrency ?? 1) ? "busy"
                : null;
        }

        var from = request.Exclusive ? request.StartsAt ?? now : now;
        if (!request.Exclusive && FreeSlots(now) <= 0)
        {
            return "busy";
        }

        if (request.Exclusive && S.Bookings.Count(b => b.Exclusive) >= _options.MaxBookingsPerGpu)
        {
            return $"the GPU already has {_options.MaxBookingsPerGpu} bookings";
        }

        var clash = S.Bookings.Find(b => (request.Exclusive || b.Exclusive) && b.Overlaps(from, request.LeaseUntil));
        return clash switch
        {
            null => null,
            { Exclusive: true } => $"booked from {(clash.StartsAt ?? now):O} to {clash.LeaseUntil:O}",
            _ => "busy",
        };
    }

    private GpuTelemetry? Last => S.LastTelemetry;

    /// <summary>Every reason a GPU may not take new work, first match wins; null means routable.</summary>
    private string? NotRoutableReason(DateTimeOffset now)
    {
        var reg = S.Registration;
        if (reg is null)
        {
            return "not registered";
        }

        if (!S.Online)
        {
            return "offline";
        }

        if (!ThermalStateMachine.AcceptsWork(S.Thermal))
        {
            return $"thermal {S.Thermal.ToString().ToLowerInvariant()}";
        }

        if (S.IntegrityBlock is { } blocked)
        {
            return $"blocked by verification: {blocked}";
        }

        if (reg.Pool == PoolKind.Edge && !S.StakeSufficient)
        {
            return "stake below minimum";
        }

        if (reg.Schedule is not null && !reg.Schedule.IsOpen(now))
        {
            return "outside availability schedule";
        }

        var watts = Last?.PowerWatts ?? 0;
        if (reg.PowerBudgetWatts is { } budget && watts > budget)
        {
            return "over power budget";
        }

        if (Last is { } t && t.BandwidthMBps > 0 && t.BandwidthMBps < _options.BandwidthFloorMBps)
        {
            return "bandwidth below floor";
        }

        if (Last is { } l && l.ClusterRttMs >= _options.LatencyPenaltyMs)
        {
            return "latency penalty";
        }

        return null;
    }

    private QosBreakdown Qos(DateTimeOffset now) => QosCalculator.Compute(
        S.Qos, now, S.RegisteredAt, _options.HeartbeatInterval, S.Profile!, S.Registration!.PriceFloor,
        Last?.ClusterRttMs ?? 0, _options.LatencyTargetMs);

    private GpuRoutingSummary BuildSummary(DateTimeOffset now)
    {
        var reg = S.Registration!;
        var profile = S.Profile!;
        var reason = NotRoutableReason(now);
        var last = Last;

        // Quantised so that a heartbeat with a slightly different RTT or score does not republish the summary.
        var qos = Math.Round(Qos(now).Score * 20) / 20;
        var rtt = Math.Round((S.RttEwmaMs ?? 0) / 10) * 10;
        var headroom = Math.Round(_thermal.HeadroomC(last?.TemperatureC ?? 40) / 5) * 5;
        return new GpuRoutingSummary(
            this.GetPrimaryKeyString(), reg.MinerId, profile.Name, reg.Location, profile.VramGb, profile.Fp16Tflops,
            profile.Int8Tops, reg.ExecutionProvider, reg.PriceFloor, S.Online, S.Thermal, reason is null, reason, qos, rtt,
            FreeSlots(now), reg.Pool, S.AttestedUntil > now, reg.Simulated, headroom, profile.Fp32Tflops, _warmModels);
    }

    /// <summary>
    /// Sends the routing summary to the region when it changed (or is due for renewal). Membership changes are awaited;
    /// the hot paths (<paramref name="wait"/> false) post it without a reply.
    /// </summary>
    private async Task PublishIfChanged(bool wait = true)
    {
        if (S.Registration is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        var summary = BuildSummary(now);

        // Unchanged summaries are re-sent now and then: the region drops an entry nobody renews for a liveness period.
        if (summary.Equals(_published) && now - _publishedAt < RegionMembership.RenewEvery(_options))
        {
            return;
        }

        // Whether the GPU may take work at all is awaited, so the caller's next decision sees it; free slots, QoS and
        // RTT readings (every reservation, release and heartbeat) are posted.
        var eligibilityChanged = _published is null || _published.Available != summary.Available
            || _published.Routable != summary.Routable || _published.NotRoutableReason != summary.NotRoutableReason;
        _published = summary;
        _publishedAt = now;
        var region = GrainFactory.GetGrain<IRegionGrain>(S.Region);
        if (wait || eligibilityChanged)
        {
            await region.Upsert(summary);
        }
        else
        {
            await region.Post(summary);
        }
    }

    private GpuSnapshot Snapshot()
    {
        var now = time.GetUtcNow();
        var qos = Qos(now);
        return new GpuSnapshot(
            this.GetPrimaryKeyString(), S.Registration!.MinerId, S.Profile!, S.ProfileKnown, S.Registration.Location, S.Region,
            S.Registration.PriceFloor, S.Online, S.Online && NotRoutableReason(now) is null, S.Thermal, Last, S.LastHeartbeat,
            S.Bookings.Where(b => b.JobId is not null).Select(b => b.JobId!).ToArray(), qos.Score, qos, S.Registration.Simulated,
            S.Registration.Pool, BuildSummary(now), S.Registration.PowerBudgetWatts, S.EdgeSuitability);
    }
}
