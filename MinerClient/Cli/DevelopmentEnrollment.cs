using Aitbc.Orleans.Miner.Daemon;
using Aitbc.Orleans.Miner.Identity;

namespace Aitbc.Orleans.Miner.Cli;

/// <summary>
/// Development only: enrols the daemon with the documented development key (or AITBC_API_KEY) whenever the silo does
/// not know it, first at start and again after the development silo restarts and forgets its in-memory enrolments.
/// </summary>
public sealed class DevelopmentEnrollment(MinerOptions options, MinerIdentity identity) : IEnrollmentRenewal
{
    public const string DevelopmentKey = "dev-key";

    public async Task<bool> RenewAsync(CancellationToken cancellationToken) =>
        await EnrollmentClient.EnrollAsync(options, identity, Environment.GetEnvironmentVariable("AITBC_API_KEY") ?? DevelopmentKey, Console.Out, cancellationToken) == 0;
}
