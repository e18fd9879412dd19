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
/// summary changes, so heartbeats stay local.
/// </summary>
public sealed class GpuGrain(
    [PersistentState("gpu", AitbcConstants.GrainStorage)] IPersistentState<GpuState> state,
    GpuClassifier classifier,
    IOptions<FleetOptions> fleetOptions,
    SlashingService slashing,
    DomainTime time,
    ILogger<GpuGrain> logger) : Grain, IGpuGrain
{
    private const int TelemetryWindow = 20;
    private readonly FleetOptions _options = fleetOptions.Value;
    private readonly ThermalStateMachine _thermal = new(fleetOptions.Value);
    private GpuRoutingSummary? _published;
    private DateTimeOffset _publishedAt;
    private DateTimeOffset _lastPersist;

    private GpuState S => state.State;

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

        if (!string.IsNullOrEmpty(previousRegion) && previousRegion != region)
        {
            await GrainFactory.GetGrain<IRegionGrain>(previousRegion).Remove(this.GetPrimaryKeyString());
        }

        _published = null;
        await PublishIfChanged();
        return Snapshot();
    }

    public async Task Heartbeat(GpuTelemetry telemetry)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        if (S.Registration is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        S.LastHeartbeat = now;
        S.Online = true;
        S.Telemetry.Add(telemetry);
        if (S.Telemetry.Count > TelemetryWindow)
        {
            S.Telemetry.RemoveRange(0, S.Telemetry.Count - TelemetryWindow);
        }

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
            await state.WriteStateAsync();
            _lastPersist = now;
        }

        await PublishIfChanged();
    }

    public Task<GpuSnapshot?> GetSnapshot() => Task.FromResult(S.Registration is null ? null : Snapshot());

    public async Task<ReservationResult> TryReserve(ReservationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        PurgeExpired(now);
        if (S.Bookings.Any(b => b.BookingId == request.BookingId))
        {
            return new ReservationResult(true, null, BuildSummary(now));
        }

        var reason = NotRoutableReason(now) ?? (FreeSlots(now) <= 0 ? "busy" : null);
        if (reason is null && request.Exclusive && S.Bookings.Count > 0)
        {
            reason = "busy";
        }

        if (reason is not null)
        {
            return new ReservationResult(false, reason, BuildSummary(now));
        }

        S.Bookings.Add(new ActiveBooking(request.BookingId, request.JobId, request.LeaseUntil, request.Exclusive));
        await state.WriteStateAsync();
        _lastPersist = now;
        await PublishIfChanged();
        return new ReservationResult(true, null, _published);
    }

    public async Task Release(string bookingId)
    {
        if (S.Bookings.RemoveAll(b => b.BookingId == bookingId) > 0)
        {
            await state.WriteStateAsync();
            await PublishIfChanged();
        }
    }

    public async Task RecordOutcome(JobOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var bucket = QosCalculator.BucketFor(S.Qos, time.GetUtcNow());
        bucket.Jobs++;
        if (outcome.Succeeded)
        {
            bucket.Succeeded++;
            if (outcome.Correct)
            {
                bucket.Correct++;
            }
        }

        bucket.LatencyScoreSum += outcome.LatencyMs <= 0 ? 1 : Math.Min(1, outcome.LatencyBudgetMs / outcome.LatencyMs);
        await state.WriteStateAsync();
        await PublishIfChanged();
    }

    public async Task<IReadOnlyList<ActiveBooking>> MarkOffline(string reason)
    {
        var returned = S.Bookings.ToArray();
        S.Bookings.Clear();
        S.Online = false;
        S.OfflineReason = reason;
        await state.WriteStateAsync();
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

    private async Task DrainForThermalEmergency(double temperatureC)
    {
        var running = S.Bookings.Where(b => b.JobId is not null).Select(b => b.JobId!).ToArray();
        if (running.Length == 0)
        {
            return;
        }

        var gpuId = this.GetPrimaryKeyString();
        S.Bookings.RemoveAll(b => b.JobId is not null);
        await state.WriteStateAsync();

        // Delivered by an interleaving timer once this heartbeat's turn is over: the slashing service calls back into
        // this GPU (stake refresh), which this turn could not serve while it waited. The bookings are already gone.
        var reason = $"thermal shutdown at {temperatureC:F1} C";
        var minerId = S.Registration!.MinerId;
        var incident = $"{gpuId}:{time.GetUtcNow().ToUnixTimeSeconds()}";
        var evidence = $"GPU {gpuId} reached {temperatureC:F1} C (shutdown threshold {_options.ShutdownC} C) while running {running.Length} job(s)";
        IGrainTimer? delivery = null;
        delivery = this.RegisterGrainTimer(async _ =>
        {
            delivery?.Dispose();
            foreach (var jobId in running)
            {
                await Notifications.Deliver(() => GrainFactory.GetGrain<IJobGrain>(jobId).GpuLost(gpuId, reason), logger, $"tell job {jobId} about the thermal shutdown of {gpuId}");
            }

            await Notifications.Deliver(() => slashing.Slash(minerId, SlashReason.ThermalEmergency, incident, evidence), logger, $"slash miner {minerId} for the thermal emergency of {gpuId}");
        }, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
    }

    private void PurgeExpired(DateTimeOffset now) => S.Bookings.RemoveAll(b => b.LeaseUntil <= now);

    private int FreeSlots(DateTimeOffset now)
    {
        if (S.Bookings.Any(b => b.Exclusive && b.LeaseUntil > now))
        {
            return 0;
        }

        return Math.Max(0, (S.Registration?.Concurrency ?? 1) - S.Bookings.Count(b => b.LeaseUntil > now));
    }

    private GpuTelemetry? Last => S.Telemetry.Count == 0 ? null : S.Telemetry[^1];

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
        var rtt = Math.Round(RttModel.Ewma(S.Telemetry.Select(t => t.ClusterRttMs)) / 10) * 10;
        var headroom = Math.Round(_thermal.HeadroomC(last?.TemperatureC ?? 40) / 5) * 5;
        return new GpuRoutingSummary(
            this.GetPrimaryKeyString(), reg.MinerId, profile.Name, reg.Location, profile.VramGb, profile.Fp16Tflops,
            profile.Int8Tops, reg.ExecutionProvider, reg.PriceFloor, S.Online, S.Thermal, reason is null, reason, qos, rtt,
            FreeSlots(now), reg.Pool, reg.Attested, reg.Simulated, headroom, profile.Fp32Tflops);
    }

    private async Task PublishIfChanged()
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

        _published = summary;
        _publishedAt = now;
        await GrainFactory.GetGrain<IRegionGrain>(S.Region).Upsert(summary);
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
