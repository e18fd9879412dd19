using Aitbc.Orleans.Fleet.Admission;
using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Fleet.Qos;
using Aitbc.Orleans.Fleet.Regions;
using Aitbc.Orleans.Routing;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Fleet.Rows;

/// <summary>
/// One GPU as a row of its miner's shard: its persisted <see cref="GpuState"/> and what it keeps only in memory (the
/// summary last sent to its region, the warm models its miner claims, recent job endings). Each operation changes the
/// row and records on the <see cref="ShardTurn"/> what must follow (a write, a summary for the region, jobs to tell);
/// the shard carries that out. Reservations, releases and outcomes ask for no write: the job's record owns the durable
/// assignment, and bookings and counters ride on the shard's periodic write.
/// </summary>
internal sealed class GpuRow(string gpuId, GpuState state, GpuRowContext context)
{
    private GpuRoutingSummary? _published;

    /// <summary>
    /// The summary published before <see cref="_published"/> when the two differ only in free slots (else null). A
    /// reservation and its release toggle a GPU between two summaries, so the row hands these two out again instead of
    /// building a new one each time, which the row, the region's index and the snapshot (all long-lived) each stored.
    /// Dropped with any other change and at a lease renewal (a GPU nobody reserved for a while keeps one summary).
    /// </summary>
    private GpuRoutingSummary? _slotsTwin;
    private long _publishedAtTicks;
    private ulong _warmModels;
    private Queue<GpuJobRecord>? _recentJobs;

    public string GpuId { get; } = gpuId;

    public GpuState State { get; } = state;

    /// <summary>Derived from the registration (<see cref="Classify"/>), never stored.</summary>
    public GpuProfile? Profile { get; private set; }

    /// <summary>
    /// Restored from storage as online and not heard from since: its miner may have died with a silo. The row's flags
    /// sit in its state's padding (<see cref="GpuState.RowUnconfirmed"/>): here they made every row 88 B instead of 80.
    /// </summary>
    public bool Unconfirmed
    {
        get => S.RowUnconfirmed;
        set => S.RowUnconfirmed = value;
    }

    /// <summary>
    /// In the rig's current registration, so its heartbeats count: a GPU the rig stopped reporting, or one of a session
    /// that ended, is not brought back online by a heartbeat that names it.
    /// </summary>
    public bool InSession
    {
        get => S.RowInSession;
        set => S.RowInSession = value;
    }

    /// <summary>The summary the region was last sent (what a reservation answers with).</summary>
    public GpuRoutingSummary? Published => _published;

    private FleetOptions Options => context.Options;

    private GpuState S => State;

    public void Register(GpuRegistration registration, ShardTurn turn)
    {
        if (S.Registration is { } owned && owned.MinerId != registration.MinerId)
        {
            // GPU ids are namespaced by miner id, so only a bug could get here; never hand a GPU's history to another miner.
            throw new RegistrationRefusedException($"GPU {GpuId} belongs to miner {owned.MinerId}");
        }

        var now = context.Time.GetUtcNow();
        var previousRegion = S.Region;
        var region = RegionCatalog.Default.RegionOf(registration.Location).Id;
        Unconfirmed = false;
        S.Registration = registration;
        Classify();
        S.Region = region;
        S.Online = true;
        S.OfflineReason = null;
        S.LastHeartbeat = now;
        if (S.RegisteredAt == default)
        {
            S.RegisteredAt = now;
        }

        turn.Write = true;
        if (!string.IsNullOrEmpty(previousRegion) && previousRegion != region)
        {
            turn.RemoveFrom(previousRegion, GpuId);
        }

        _published = null;
        _slotsTwin = null;
        turn.PublishLater(this, wait: true);
    }

    /// <summary>The profile follows from the registration, so it is derived on load rather than stored with every GPU.</summary>
    public void Classify()
    {
        var registration = S.Registration!;
        var classification = context.Classifier.Classify(registration.ReportedName, registration.MemoryMb, registration.Vendor);
        Profile = FleetProfiles.Shared(classification.Profile);
        S.RowProfileKnown = classification.IsKnown;
    }

    public void Heartbeat(GpuTelemetry telemetry, ulong warmModels, DateTimeOffset lastWrite, ShardTurn turn)
    {
        if (S.Registration is null)
        {
            return;
        }

        var now = context.Time.GetUtcNow();
        Unconfirmed = false;
        S.LastHeartbeat = now;
        S.Online = true;
        S.LastTelemetry = telemetry;

        // The miner's claim of the models it holds: kept in memory only (the next heartbeat repeats it), used only to prefer.
        _warmModels = warmModels;
        S.RttEwmaMs = RttModel.Next(S.RttEwmaMs, telemetry.ClusterRttMs);

        var bucket = QosCalculator.BucketFor(S.Qos ??= [], now);
        bucket.Heartbeats++;
        if (telemetry is { PowerWatts: > 0 and var watts, UtilisationPercent: > 5 and var utilisation } && Profile is not null)
        {
            bucket.EnergyPerfSum += Profile.Fp16Tflops * (utilisation / 100.0) / watts;
            bucket.EnergySamples++;
        }

        var before = S.Thermal;
        S.Thermal = context.Thermal.Next(before, telemetry.TemperatureC);
        var changed = S.Thermal != before;
        if (changed)
        {
            context.Logger.LogInformation("GPU {Gpu} thermal {From} -> {To} at {Temp} C", GpuId, before, S.Thermal, telemetry.TemperatureC);
        }

        if (S.Thermal == ThermalState.Shutdown && before != ThermalState.Shutdown && telemetry.TemperatureC is { } hot)
        {
            DrainForThermalEmergency(hot, turn);
        }

        if (changed || now - lastWrite >= Options.TelemetryPersistInterval)
        {
            turn.Write = true;
        }
        else
        {
            turn.Unsaved = true;
        }

        turn.PublishLater(this, wait: false);
    }

    public ReservationResult TryReserve(ReservationRequest request, ShardTurn turn)
    {
        var now = context.Time.GetUtcNow();
        GpuBookingRules.PurgeExpired(S, now);
        if (GpuBookingRules.Holds(S, request.BookingId))
        {
            return new ReservationResult(true, null, S.Registration is null ? null : Summary(now));
        }

        var reason = GpuRoutability.NotRoutableReason(S, now, Options) ?? GpuBookingRules.Conflict(S, request, now, Options.MaxBookingsPerGpu);
        if (reason is null && request.RequireAttestation && !(S.AttestedUntil > now))
        {
            // Authoritative, like every reservation check: a stale snapshot never sends such a job to an unattested GPU.
            reason = "not attested";
        }

        if (reason is not null)
        {
            return new ReservationResult(false, reason, S.Registration is null ? null : Summary(now));
        }

        GpuBookingRules.Add(S, new ActiveBooking(request.BookingId, request.JobId, request.LeaseUntil, request.Exclusive, request.Exclusive ? request.StartsAt : null));

        // A rental holds the GPU for hours and is paid for up front: it survives a crash of this activation.
        turn.Write |= request.Exclusive;
        turn.Unsaved = true;

        // Batched: the silo's batcher keeps a reservation and its release in order, and this silo's snapshot sees it at once.
        turn.PublishSlots(this);
        return new ReservationResult(true, null, null);
    }

    public void Release(string bookingId, ShardTurn turn)
    {
        if (GpuBookingRules.Remove(S, bookingId) is not { } released)
        {
            return;
        }

        turn.Write |= released.Exclusive;
        turn.Unsaved = true;
        turn.PublishSlots(this);
    }

    public void RecordOutcome(JobOutcome outcome, ShardTurn turn)
    {
        var now = context.Time.GetUtcNow();
        QosCalculator.Record(QosCalculator.BucketFor(S.Qos ??= [], now), outcome);
        if (!outcome.AmendsRecorded)
        {
            GpuJobRecords.Add(_recentJobs ??= new Queue<GpuJobRecord>(), new GpuJobRecord(outcome.JobId, now, outcome.Kind, outcome.LatencyMs, outcome.Price, S.Telemetry.PowerWatts));
        }

        // Counters, not money: they ride on the next periodic write (a wrong result's block is the integrity grain's, written there).
        turn.Unsaved = true;
        turn.PublishLater(this, wait: false);
    }

    public IReadOnlyList<GpuJobRecord> RecentJobs() => _recentJobs is null ? [] : _recentJobs.Reverse().ToArray();

    /// <summary>Goes offline and returns the jobs it was running (their reservations are dropped; booked windows stay).</summary>
    public string[] MarkOffline(string reason, ShardTurn turn)
    {
        Unconfirmed = false;
        var running = GpuBookingRules.DropJobReservations(S);
        S.Online = false;
        S.OfflineReason = reason;
        turn.Write = true;
        turn.PublishLater(this, wait: true);
        return running;
    }

    /// <summary>
    /// Sends the summary again (its region restarted with an empty index) as a lease renewal of what was last published:
    /// the held readings stay where they were published, where rebuilding from the raw readings moved a value wavering
    /// about a boundary by a step. A row that has published nothing yet publishes in full; an unconfirmed row waits for
    /// its miner.
    /// </summary>
    public void Republish(ShardTurn turn)
    {
        if (S.Registration is null || !S.Online || Unconfirmed)
        {
            return;
        }

        // Sent at once and awaited, as a full publication was: the rebuild (and a test's clock) counts on it having arrived.
        _publishedAtTicks = 0;
        turn.PublishLater(this, wait: true);
    }

    /// <summary>Sets one of the flags other grains own (stake, integrity block, attestation); a change is written at once.</summary>
    public void SetFlag(Func<GpuState, bool> changed, ShardTurn turn)
    {
        if (changed(S))
        {
            turn.Write = true;
            turn.PublishLater(this, wait: true);
        }
    }

    /// <summary>
    /// A restored row whose miner has not been heard from for a liveness period goes offline (checked by the shard's
    /// timer and before every read or reservation, so a fake clock in tests sees it too): its miner died with a silo.
    /// </summary>
    public void ConfirmLiveness(ShardTurn turn)
    {
        var now = context.Time.GetUtcNow();
        if (!Unconfirmed || now - (S.LastHeartbeat ?? S.RegisteredAt) <= Options.OfflineAfter)
        {
            return;
        }

        var reason = $"no heartbeat for {Options.MissedHeartbeatsBeforeOffline} intervals after a silo restart";
        context.Logger.LogWarning("GPU {Gpu}: {Reason}: offline", GpuId, reason);
        var running = MarkOffline(reason, turn);
        if (running.Length > 0)
        {
            turn.Notify(new LostJobsNotice(GpuId, running, reason, "the loss"));
        }
    }

    /// <summary>
    /// The summary to send to the region, whether it must go at once (<paramref name="wait"/>, or a change of whether the
    /// GPU may take work at all or of its thermal state) rather than with the silo's next batch, and whether it changed
    /// (false: a lease renewal); null when the region already has it. Unchanged summaries are re-sent now and then: the
    /// region drops an entry nobody renews for a liveness period.
    /// </summary>
    public (GpuRoutingSummary Summary, bool Prompt, bool Changed)? TakePublication(bool wait, bool slotsOnly = false)
    {
        if (S.Registration is null)
        {
            return null;
        }

        var now = context.Time.GetUtcNow();
        var renewing = now.UtcTicks - _publishedAtTicks >= RegionMembership.RenewEvery(Options).Ticks;

        // A reservation or release moves the free slots only: the rest (QoS, reason) is re-derived with the next
        // heartbeat, as for a GPU nobody reserves; the reservation itself is checked against the full state.
        var previous = _published;
        GpuRoutingSummary summary;
        bool twinOfPrevious;
        if (slotsOnly && !renewing && previous is not null)
        {
            var free = GpuBookingRules.FreeSlots(S, now);
            summary = previous.FreeSlots == free ? previous : _slotsTwin is { } twin && twin.FreeSlots == free ? twin : previous with { FreeSlots = free };
            twinOfPrevious = true;
        }
        else
        {
            // Most heartbeats change nothing the region sees: tell that from the readings, without building a summary.
            var readings = Read(now);
            if (previous is not null && StillPublished(previous, readings))
            {
                if (!renewing)
                {
                    return null;
                }

                // A lease renewal: the region keeps the object it has. The twin goes, so only a GPU reserved within the
                // last renewal period keeps a second summary.
                summary = previous;
                twinOfPrevious = false;
                _slotsTwin = null;
            }
            else if (_slotsTwin is { } twin && StillPublished(twin, readings))
            {
                // A release recorded with its job's outcome (a full publication) that changed nothing but the slots.
                summary = twin;
                twinOfPrevious = true;
            }
            else
            {
                summary = Summary(readings);
                twinOfPrevious = previous is not null && StillPublished(previous, readings with { FreeSlots = previous.FreeSlots });
            }
        }

        if (ReferenceEquals(summary, previous) && !renewing)
        {
            return null;
        }

        if (!ReferenceEquals(summary, previous))
        {
            _slotsTwin = twinOfPrevious ? previous : null;
        }

        // Whether the GPU may take work at all (and its thermal state) goes at once, so the caller's next decision sees
        // it; free slots, QoS and RTT readings (every heartbeat) ride on the silo's next batch.
        var eligibilityChanged = previous is null || previous.Available != summary.Available || previous.Routable != summary.Routable
            || previous.NotRoutableReason != summary.NotRoutableReason || previous.Thermal != summary.Thermal;
        _published = summary;
        _publishedAtTicks = now.UtcTicks;
        return (summary, wait || eligibilityChanged, !summary.Equals(previous));
    }

    public GpuSnapshot Snapshot()
    {
        var now = context.Time.GetUtcNow();
        var qos = Qos(now).Breakdown();
        var reg = S.Registration!;
        return new GpuSnapshot(
            GpuId, reg.MinerId, Profile!, S.RowProfileKnown, reg.Location, S.Region, reg.PriceFloor, S.Online,
            S.Online && GpuRoutability.NotRoutableReason(S, now, Options) is null, S.Thermal, S.LastTelemetry, S.LastHeartbeat,
            GpuBookingRules.Held(S).Where(b => b.JobId is not null).Select(b => b.JobId!).ToArray(), qos.Score, qos, reg.Simulated,
            reg.Pool, Summary(now), reg.PowerBudgetWatts, context.Classifier.EdgeSuitability(Profile!));
    }

    private void DrainForThermalEmergency(double temperatureC, ShardTurn turn)
    {
        var running = GpuBookingRules.Held(S).Where(b => b.JobId is not null).Select(b => b.JobId!).ToArray();
        if (running.Length == 0)
        {
            return;
        }

        GpuBookingRules.RemoveAll(S, b => b.JobId is not null);
        turn.Write = true;
        var minerId = S.Registration!.MinerId;
        var incident = $"{GpuId}:{context.Time.GetUtcNow().ToUnixTimeSeconds()}";
        var evidence = $"GPU {GpuId} reached {temperatureC:F1} C (shutdown threshold {Options.ShutdownC} C) while running {running.Length} job(s)";
        turn.Notify(new LostJobsNotice(GpuId, running, $"thermal shutdown at {temperatureC:F1} C", "the thermal shutdown",
            Slash: new ThermalSlash(minerId, incident, evidence)));
    }

    private QosComponents Qos(DateTimeOffset now) => QosCalculator.Compute(
        (IReadOnlyList<QosBucket>?)S.Qos ?? [], now, S.RegisteredAt, Options.HeartbeatInterval, Profile!, S.Registration!.PriceFloor,
        S.Telemetry.ClusterRttMs ?? 0, Options.LatencyTargetMs);

    private GpuRoutingSummary Summary(DateTimeOffset now) => Summary(Read(now));

    private GpuRoutingSummary Summary(SummaryReadings readings)
    {
        var reg = S.Registration!;
        var profile = Profile!;
        return new GpuRoutingSummary(
            GpuId, reg.MinerId, profile.Name, reg.Location, profile.VramGb, profile.Fp16Tflops,
            profile.Int8Tops, reg.ExecutionProvider, reg.PriceFloor, S.Online, S.Thermal, readings.Reason is null, readings.Reason, readings.Qos,
            readings.Rtt, readings.FreeSlots, reg.Pool, readings.Attested, reg.Simulated, readings.Headroom, profile.Fp32Tflops, _warmModels);
    }

    /// <summary>
    /// Whether <see cref="Summary(SummaryReadings)"/> would equal <paramref name="published"/>, without building it: compares
    /// the fields that move between registrations (the others come from the registration and its profile, and a
    /// registration clears <see cref="_published"/>).
    /// </summary>
    private bool StillPublished(GpuRoutingSummary published, SummaryReadings readings)
    {
        var same = published.Available == S.Online && published.Thermal == S.Thermal && published.Routable == readings.Reason is null
            && string.Equals(published.NotRoutableReason, readings.Reason, StringComparison.Ordinal) && published.QosScore.Equals(readings.Qos)
            && published.MeasuredRttMs.Equals(readings.Rtt) && published.FreeSlots == readings.FreeSlots
            && published.Attested == readings.Attested && published.ThermalHeadroomC.Equals(readings.Headroom) && published.WarmModels == _warmModels;
#if DEBUG
        // The test suite runs Debug builds: every heartbeat there checks this shortcut against the full comparison.
        if (same != Summary(readings).Equals(published))
        {
            throw new InvalidOperationException($"GPU {GpuId}: the published-summary shortcut disagrees with the full summary");
        }
#endif
        return same;
    }

    /// <summary>
    /// The summary's fields that move between registrations, each derived once per publication. Quantised so that a
    /// heartbeat with a slightly different RTT, score or temperature does not republish the summary, and held where
    /// it was published until the reading is three quarters of a step away (see <see cref="Held"/>).
    /// </summary>
    private SummaryReadings Read(DateTimeOffset now)
    {
        var published = _published;
        var qos = Qos(now).Score;
        var rtt = S.RttEwmaMs ?? 0;
        var headroom = context.Thermal.HeadroomC(S.Telemetry.TemperatureC ?? 40);
        return new(
            GpuRoutability.NotRoutableReason(S, now, Options),
            Held(Math.Round(qos * 20) / 20, qos, published?.QosScore, 0.05),
            Held(Math.Round(rtt / 10) * 10, rtt, published?.MeasuredRttMs, 10),
            GpuBookingRules.FreeSlots(S, now),
            S.AttestedUntil > now,
            Held(Math.Round(headroom / 5) * 5, headroom, published?.ThermalHeadroomC, 5));
    }

    /// <summary>
    /// A quantised reading with hysteresis: the published value stands while the raw reading stays within three
    /// quarters of a step of it. Plain rounding flips at every boundary a reading hovers on (an RTT wavering about
    /// 45 ms republished 40 and 50 by turns). An idle fleet of 100k simulated GPUs logged a third fewer region changes.
    /// </summary>
    private static double Held(double rounded, double raw, double? published, double step) =>
        published is { } p && Math.Abs(raw - p) < step * 0.75 ? p : rounded;

    private readonly record struct SummaryReadings(string? Reason, double Qos, double Rtt, int FreeSlots, bool Attested, double Headroom);
}
