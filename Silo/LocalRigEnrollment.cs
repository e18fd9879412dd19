using Aitbc.Orleans.Access;
using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Miner.Daemon;
using Aitbc.Orleans.Miner.Identity;

namespace Aitbc.Orleans.Silo;

/// <summary>
/// Development only: the in-process local miner's simulated rigs are enrolled for the "dev" tenant through the grains,
/// as <see cref="DevelopmentBootstrap"/> enrols the local miner itself (there is no HTTP hop to this same process).
/// </summary>
public sealed class LocalRigEnrollment(IGrainFactory grains, DomainTime time) : IRigEnrollment
{
    public async Task<bool> EnsureAsync(MinerOptions rig, MinerIdentity identity, bool again, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rig);
        ArgumentNullException.ThrowIfNull(identity);
        var minerId = rig.MinerId ?? MinerAgent.DefaultMinerId(identity);
        await grains.Grain<IMinerEnrollmentGrain>(minerId).Enroll(
            new MinerEnrollment(minerId, DevelopmentBootstrap.DevTenant, identity.PublicKeyBase64, "local miner rig", time.GetUtcNow(), CredentialKeyId: ""));
        return true;
    }
}
