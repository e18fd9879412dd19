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
        if (telemetry.PowerWatts > 0 && telemetry.UtilisationPercent > 5 && S.Profile is not null)
        {
            bucket.EnergyPerfSum += S.Profile.Fp16Tflops * (telemetry.UtilisationPercent / 100.0) / telemetry.PowerWatts;
            bucket.EnergySamples++;
        }

        var before = S.Thermal;
        S.Thermal = _thermal.Next(before, telemetry.TemperatureC);
        var changed = S.Thermal != before;
        if (changed)
        {
            logger.LogInformation("GPU {Gpu} thermal {From} -> {To} at {Temp} C", this.GetPrimaryKeyString(), before, S.Thermal, telemetry.TemperatureC);
        }

        if (S.Thermal == ThermalState.Shutdown && before != ThermalState.Shutdown)
        {
            await DrainForThermalEmergency(telemetry.TemperatureC);
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
        var running = S.Bookings.Where(b => b.JobId is not null).ToArray();
        if (running.Length == 0)
        {
            return;
        }

        var gpuId = this.GetPrimaryKeyString();
        S.Bookings.RemoveAll(b => b.JobId is not null);
        await state.WriteStateAsync();

        // Not awaited: the jobs and the slashing service call back into this GPU (release, stake refresh), which
        // would deadlock while this heartbeat turn is still running. The bookings are already gone from the state.
        foreach (var booking in running)
        {
            GrainFactory.GetGrain<IJobGrain>(booking.JobId!).GpuLost(gpuId, $"thermal shutdown at {temperatureC:F1} C").Ignore();
        }

        slashing.Slash(
            S.Registration!.MinerId,
            SlashReason.ThermalEmergency,
            incidentId: $"{gpuId}:{time.GetUtcNow().ToUnixTimeSeconds()}",
            evidence: $"GPU {gpuId} reached {temperatureC:F1} C (shutdown threshold {_options.ShutdownC} C) while running {running.Length} job(s)").Ignore();
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

        if (Last is { } l && l.RttMs >= _options.LatencyPenaltyMs)
        {
            return "latency penalty";
        }

        return null;
    }

    private QosBreakdown Qos(DateTimeOffset now) => QosCalculator.Compute(
        S.Qos, now, S.RegisteredAt, _options.HeartbeatInterval, S.Profile!, S.Registration!.PriceFloor,
        Last?.RttMs ?? 0, _options.LatencyTargetMs);

    private GpuRoutingSummary BuildSummary(DateTimeOffset now)
    {
        var reg = S.Registration!;
        var profile = S.Profile!;
        var reason = NotRoutableReason(now);
        var last = Last;

        // Quantised so that a heartbeat with a slightly different RTT or score does not republish the summary.
        var qos = Math.Round(Qos(now).Score * 20) / 20;
        var rtt = Math.Round(RttModel.Ewma(S.Telemetry.Select(t => t.RttMs)) / 10) * 10;
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
