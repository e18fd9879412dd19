using Aitbc.Orleans.Jobs;
using Orleans.Concurrency;

namespace Aitbc.Orleans.Fleet;

/// <summary>
/// One GPU's addressable identity: capabilities, owner, location, price floor, availability, bookings, telemetry,
/// thermal state, QoS. It forwards to the GPU's row in its miner's <see cref="IGpuShardGrain"/>, which owns that state;
/// the cluster's hot paths call the row directly (<see cref="GpuRows.GpuRow"/>).
/// </summary>
[Alias("aitbc.IGpuGrain")]
public interface IGpuGrain : IGrainWithStringKey
{
    [Alias("Register")]
    Task<GpuSnapshot> Register(GpuRegistration registration);

    [Alias("Heartbeat")]
    Task Heartbeat(GpuTelemetry telemetry, ulong warmModels = 0);

    [Alias("GetSnapshot")]
    Task<GpuSnapshot?> GetSnapshot();

    /// <summary>
    /// One optimistic call with no storage write: the job's (or rental's) record owns the durable assignment. The shard
    /// keeps bookings in memory and persists them with its periodic write and on deactivation.
    /// </summary>
    [Alias("TryReserve")]
    Task<ReservationResult> TryReserve(ReservationRequest request);

    /// <summary>Gives a booking back. No reply: a lost release is ended by the booking's lease.</summary>
    [OneWay, Alias("Release")]
    Task Release(string bookingId);

    [Alias("RecordOutcome")]
    Task RecordOutcome(JobOutcome outcome);

    /// <summary>
    /// The newest job endings on this GPU (at most <see cref="GpuJobRecords.Kept"/>, newest first), for the owner's
    /// dashboard and the energy metric. Kept in memory: a new activation starts with none.
    /// </summary>
    [Alias("GetRecentJobs")]
    Task<IReadOnlyList<GpuJobRecord>> GetRecentJobs();

    /// <summary>The miner went offline or deregistered: the GPU becomes unavailable and returns the jobs it was running.</summary>
    [Alias("MarkOffline")]
    Task<IReadOnlyList<ReturnedJob>> MarkOffline(string reason);

    /// <summary>The miner's stake moved across the floor; routing must follow.</summary>
    [Alias("SetStakeSufficient")]
    Task SetStakeSufficient(bool sufficient);

    /// <summary>Verification's hook (from the GPU's integrity grain): a reason blocks routing, null lifts the block.</summary>
    [Alias("SetIntegrityBlock")]
    Task SetIntegrityBlock(string? reason);

    /// <summary>Attestation's hook: the GPU counts as attested for routing until this instant (null: not attested).</summary>
    [Alias("SetAttestedUntil")]
    Task SetAttestedUntil(DateTimeOffset? until);
}
