namespace Aitbc.Orleans.Miner.Daemon;

/// <summary>
/// One rig the daemon registers and heartbeats: an identity, its devices, and whether the cluster currently knows it.
/// <paramref name="renew"/> enrols it again when the cluster no longer knows its key (a development silo restarted).
/// </summary>
public sealed class MinerRig(RigIdentity identity, IReadOnlyList<MinerDevice> devices, Func<CancellationToken, Task<bool>>? renew = null)
{
    public RigIdentity Identity { get; } = identity;

    public string MinerId => Identity.MinerId;

    public IReadOnlyList<MinerDevice> Devices { get; } = devices;

    public Func<CancellationToken, Task<bool>>? Renew { get; } = renew;

    public bool Registered { get; set; }

    /// <summary>
    /// The cluster refused this rig's heartbeat to its GPU shard, as clusters from before the one-call heartbeat do: it
    /// heartbeats its miner grain, as daemons then did, until it registers again (which tries the shard first).
    /// </summary>
    public bool HeartbeatsMinerGrain { get; set; }
}
