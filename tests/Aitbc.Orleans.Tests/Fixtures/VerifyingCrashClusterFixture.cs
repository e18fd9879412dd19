using Aitbc.Orleans.Verification;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// The crash cluster (state and reminders outlive the silos, watchdogs tick every two seconds) with every job's result
/// re-executed on another miner: each job is a check whose steps a test can fail or whose silo it can kill.
/// </summary>
public sealed class VerifyingCrashClusterFixture : CrashClusterFixture
{
    protected override void ConfigureVerification(VerificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.DefaultRate = 1;
        options.ElevatedRate = 1;
        options.ChallengeEnabled = false;
    }
}
