using Aitbc.Orleans.Miner.Identity;

namespace Aitbc.Orleans.Miner.Daemon;

/// <summary>
/// Enrols the extra rigs of a simulated fleet (the process's own identity is enrolled as a real rig's is). The daemon
/// does it over the gateway with the owner's key; the development silo's local miner enrols through the grains.
/// </summary>
public interface IRigEnrollment
{
    /// <param name="rig">The rig's own settings: its state directory holds its key and enrolment.</param>
    /// <param name="again">Enrol even where an earlier enrolment is on file (the cluster has forgotten it).</param>
    /// <returns>Whether the rig is enrolled.</returns>
    Task<bool> EnsureAsync(MinerOptions rig, MinerIdentity identity, bool again, CancellationToken cancellationToken);
}
