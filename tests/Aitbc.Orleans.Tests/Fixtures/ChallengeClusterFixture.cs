using Aitbc.Orleans.Verification;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// The shared cluster with hardware challenges on (re-execution stays off), sized small so a CPU answers one in well
/// under a second: dense layers of 64, at most 2,048 rows (the work is still sized to the claimed profile below that cap).
/// </summary>
public sealed class ChallengeClusterFixture : ClusterFixture
{
    protected override void ConfigureVerification(VerificationOptions options)
    {
        base.ConfigureVerification(options);
        options.ChallengeEnabled = true;
        options.ChallengeWidth = 64;
        options.ChallengeLayers = 3;
        options.ChallengeMaxBatch = 2048;
    }
}
