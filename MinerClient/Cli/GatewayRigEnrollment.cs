using Aitbc.Orleans.Miner.Daemon;
using Aitbc.Orleans.Miner.Identity;

namespace Aitbc.Orleans.Miner.Cli;

/// <summary>
/// Enrols a simulated rig over the gateway (POST /v1/miners) with the owner's API key from AITBC_API_KEY (in
/// development, the documented development key), exactly as `MinerClient enroll` does for a real rig, and keeps the
/// answer in the rig's own state directory.
/// </summary>
public sealed class GatewayRigEnrollment(MinerOptions options) : IRigEnrollment
{
    public async Task<bool> EnsureAsync(MinerOptions rig, MinerIdentity identity, bool again, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rig);
        if (!again && File.Exists(rig.EnrollmentPath))
        {
            return true;
        }

        var ownerKey = Environment.GetEnvironmentVariable("AITBC_API_KEY")
            ?? (MinerConfiguration.IsProduction(options) ? null : DevelopmentEnrollment.DevelopmentKey);
        return await EnrollmentClient.EnrollAsync(rig, identity, ownerKey, TextWriter.Null, cancellationToken) == 0;
    }
}
