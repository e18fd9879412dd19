using Orleans.Configuration;

namespace Aitbc.Orleans.Fleet;

/// <summary>
/// One GPU's addressable identity, for the API, operators and owners: a stateless forwarder to the GPU's row in its
/// miner's <see cref="IGpuShardGrain"/>, which owns the state. It holds nothing, so it is collected soon after use;
/// the hot paths (reservations, releases, heartbeats, outcomes) skip it and call the shard directly.
/// </summary>
[CollectionAgeLimit(Minutes = 2)]
public sealed class GpuGrain : Grain, IGpuGrain
{
    private GpuRowRef Row => GrainFactory.GpuRow(this.GetPrimaryKeyString());

    public Task<GpuSnapshot> Register(GpuRegistration registration) => Row.Register(registration);

    public Task Heartbeat(GpuTelemetry telemetry, ulong warmModels = 0) => Row.Heartbeat(telemetry, warmModels);

    public Task<GpuSnapshot?> GetSnapshot() => Row.GetSnapshot();

    public Task<ReservationResult> TryReserve(ReservationRequest request) => Row.TryReserve(request);

    public Task Release(string bookingId) => Row.Release(bookingId);

    public Task RecordOutcome(JobOutcome outcome) => Row.RecordOutcome(outcome);

    public Task<IReadOnlyList<GpuJobRecord>> GetRecentJobs() => Row.GetRecentJobs();

    public Task<IReadOnlyList<ReturnedJob>> MarkOffline(string reason) => Row.MarkOffline(reason);

    public Task SetStakeSufficient(bool sufficient) => Row.SetStakeSufficient(sufficient);

    public Task SetIntegrityBlock(string? reason) => Row.SetIntegrityBlock(reason);

    public Task SetAttestedUntil(DateTimeOffset? until) => Row.SetAttestedUntil(until);
}
