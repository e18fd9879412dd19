using Aitbc.Orleans.Dispatch;

namespace Aitbc.Orleans.Fleet;

/// <summary>One miner daemon: identity, its GPUs, its connection (observer) and liveness.</summary>
[Alias("aitbc.IMinerGrain")]
public interface IMinerGrain : IGrainWithStringKey
{
    [Alias("Register")]
    Task<MinerSnapshot> Register(MinerRegistration registration, IMinerObserver observer);

    /// <summary>Returns false when the cluster lost this miner's session (silo restart, offline): register again.</summary>
    [Alias("Heartbeat")]
    Task<bool> Heartbeat(IReadOnlyList<GpuHeartbeat> gpus);

    [Alias("Deregister")]
    Task Deregister();

    [Alias("GetSnapshot")]
    Task<MinerSnapshot?> GetSnapshot();

    /// <summary>Push a job to the miner's connection; throws when the miner is not connected.</summary>
    [Alias("Dispatch")]
    Task Dispatch(JobAssignment assignment);

    /// <summary>Checks for missed heartbeats now (a timer also calls it every heartbeat interval).</summary>
    [Alias("CheckLiveness")]
    Task CheckLiveness();

    /// <summary>Re-reads the owner's stake and tells the GPUs whether it meets the minimum.</summary>
    [Alias("RefreshStake")]
    Task RefreshStake();
}
