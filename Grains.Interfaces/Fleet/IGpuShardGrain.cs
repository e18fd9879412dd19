using Orleans.Concurrency;

namespace Aitbc.Orleans.Fleet;

/// <summary>
/// The GPUs of one miner as rows of one grain, keyed by the miner id (a GPU id is "&lt;miner&gt;:&lt;device&gt;", so it
/// names its shard). It owns each GPU's registration, bookings, telemetry, thermal state, QoS and flags; the hot paths
/// (reservations, releases, heartbeats, job outcomes, going offline) come straight here. <see cref="IGpuGrain"/> stays
/// the GPU's addressable identity and forwards here. A client may call only its own shard's Heartbeat.
/// </summary>
[Alias("aitbc.IGpuShardGrain")]
public interface IGpuShardGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers or refreshes the miner's GPUs with one write, and opens the rig's session: these are the GPUs its
    /// heartbeats may report, and its liveness runs from now. Called by the miner grain once it holds the connection;
    /// <paramref name="session"/> names that connection when the shard asks about it or ends it.
    /// </summary>
    [Alias("Register")]
    Task Register(IReadOnlyList<GpuRegistration> gpus, Guid session);

    /// <summary>
    /// The rig's heartbeat, sent by the rig itself (one call; the miner grain is not on this path): readings of the GPUs
    /// of its current registration (others are ignored). Returns false when there is no session (never registered with
    /// this activation, a silo restarted, offline): register again.
    /// </summary>
    [Alias("Heartbeat")]
    Task<bool> Heartbeat(IReadOnlyList<GpuHeartbeat> gpus);

    /// <summary>
    /// Ends the session now if the rig missed its heartbeats for a liveness period, or (asked every few minutes) if the
    /// miner grain no longer holds its connection; the silo's liveness watch calls it once per period.
    /// </summary>
    [Alias("CheckLiveness")]
    Task CheckLiveness();

    /// <summary>Asks the miner grain now whether it holds the rig's connection, and ends the session if not (sent by a miner grain activated without one).</summary>
    [Alias("CheckConnection")]
    Task CheckConnection();

    /// <summary>The miner went offline (it deregistered): ends the session, takes every GPU offline and returns the jobs they ran.</summary>
    [Alias("Disconnect")]
    Task<IReadOnlyList<ReturnedJob>> Disconnect(string reason);

    /// <summary>
    /// Re-sends the summaries of this miner's online GPUs in <paramref name="region"/>: the region restarted and does not
    /// store its index, so it is rebuilt from its GPUs (asked by each silo's region rebuild for the shards it hosts).
    /// </summary>
    [Alias("Republish")]
    Task Republish(string region);

    /// <summary>One GPU's reading, with its warm models as <see cref="Models.WarmModels"/> filter bits.</summary>
    [Alias("HeartbeatGpu")]
    Task HeartbeatGpu(string gpuId, GpuTelemetry telemetry, ulong warmModels);

    [Alias("GetSnapshot")]
    Task<GpuSnapshot?> GetSnapshot(string gpuId);

    /// <summary>One optimistic check with no storage write (a rental, which is paid up front, is written).</summary>
    [Alias("TryReserve")]
    Task<ReservationResult> TryReserve(string gpuId, ReservationRequest request);

    /// <summary>Gives a booking back. No reply: a lost release is ended by the booking's lease.</summary>
    [OneWay, Alias("Release")]
    Task Release(string gpuId, string bookingId);

    [Alias("RecordOutcome")]
    Task RecordOutcome(string gpuId, JobOutcome outcome);

    /// <summary>A finished job's booking given back and its outcome recorded, in one turn (one call per job instead of two).</summary>
    [Alias("ReleaseWithOutcome")]
    Task ReleaseWithOutcome(string gpuId, string bookingId, JobOutcome outcome);

    [Alias("GetRecentJobs")]
    Task<IReadOnlyList<GpuJobRecord>> GetRecentJobs(string gpuId);

    /// <summary>Takes these GPUs offline with one write and returns the jobs they were running (their bookings are gone).</summary>
    [Alias("MarkOffline")]
    Task<IReadOnlyList<ReturnedJob>> MarkOffline(IReadOnlyList<string> gpuIds, string reason);

    /// <summary>Which GPUs the miner's stake covers (one write for the whole rig).</summary>
    [Alias("SetStakeCoverage")]
    Task SetStakeCoverage(IReadOnlyDictionary<string, bool> sufficient);

    [Alias("SetIntegrityBlock")]
    Task SetIntegrityBlock(string gpuId, string? reason);

    [Alias("SetAttestedUntil")]
    Task SetAttestedUntil(IReadOnlyList<string> gpuIds, DateTimeOffset? until);
}
