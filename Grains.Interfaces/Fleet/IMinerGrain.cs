using Aitbc.Orleans.Dispatch;
using Orleans.Concurrency;

namespace Aitbc.Orleans.Fleet;

/// <summary>One miner daemon: identity, its GPUs and its connection (observer). Its heartbeats and liveness are its GPU shard's.</summary>
[Alias("aitbc.IMinerGrain")]
public interface IMinerGrain : IGrainWithStringKey
{
    [Alias("Register")]
    Task<MinerSnapshot> Register(MinerRegistration registration, IMinerObserver observer);

    /// <summary>
    /// The heartbeat of daemons from before the one-call heartbeat, which send it here rather than to their GPU shard:
    /// forwarded to the shard, with its answer (false: register again). Without it such a daemon registers, fails its
    /// heartbeat and registers again several times a second, so a fleet not yet upgraded would hammer a cluster that was.
    /// Same alias and signature as the call it replaces. Interleaves: it reads nothing here.
    /// </summary>
    [Alias("Heartbeat"), AlwaysInterleave]
    Task<bool> Heartbeat(IReadOnlyList<GpuHeartbeat> gpus);

    [Alias("Deregister")]
    Task Deregister();

    /// <summary>Interleaves: a read, served while the miner waits on its jobs.</summary>
    [Alias("GetSnapshot"), AlwaysInterleave]
    Task<MinerSnapshot?> GetSnapshot();

    /// <summary>
    /// Hands a job to the miner's connection and returns without waiting for the miner; throws when the miner is not
    /// connected. A push the miner refuses is reported to the job as a failed attempt; one that is lost is covered by the
    /// job's own timer.
    /// </summary>
    [Alias("Dispatch"), AlwaysInterleave]
    Task Dispatch(JobAssignment assignment);

    /// <summary>Tells the miner to stop one attempt of a job, without waiting for it.</summary>
    [Alias("CancelJob"), AlwaysInterleave]
    Task Cancel(string jobId, int attempt);

    /// <summary>Pushes a deployment's prefetch to the connected miner (and lets it download that model); throws MinerUnavailableException when not connected.</summary>
    [Alias("Prefetch"), AlwaysInterleave]
    Task Prefetch(Models.Deployments.ModelPrefetch prefetch);

    /// <summary>
    /// Whether this activation holds the connection of <paramref name="session"/> (the session a registration opened),
    /// asked by its GPU shard every few minutes; records when the shard last heard from the rig
    /// (<paramref name="heardAt"/>). A fresh activation holds none (its silo restarted), and a registration since opened
    /// another, so the shard ends its session and, in the first case, the rig registers again. Interleaves: it only reads.
    /// </summary>
    [Alias("IsConnected"), AlwaysInterleave]
    Task<bool> IsConnected(Guid session, DateTimeOffset heardAt);

    /// <summary>
    /// The shard ended <paramref name="session"/> (missed heartbeats, or no connection here): the miner drops its
    /// connection and is offline. Ignored when the miner registered again since (another session is open).
    /// </summary>
    [Alias("SessionEnded")]
    Task SessionEnded(Guid session, string reason);

    /// <summary>
    /// Re-reads the owner's stake and tells the GPUs whether it meets the minimum. Interleaves (it changes nothing in
    /// the miner grain), so a job that slashes this miner while the miner waits on that job's GpuLost cannot deadlock.
    /// </summary>
    [Alias("RefreshStake"), AlwaysInterleave]
    Task RefreshStake();
}
