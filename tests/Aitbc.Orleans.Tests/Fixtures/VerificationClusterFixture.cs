using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Verification;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// The shared cluster with re-execution on (hardware challenges off) at the default rates (5 %, 25 % for new, low-QoS
/// or recently caught GPUs) and a fixed sampling seed, and short acknowledgement and execution deadlines so timeouts
/// happen within a test.
/// </summary>
public sealed class VerificationClusterFixture : ClusterFixture
{
    protected override void ConfigureVerification(VerificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Seed = 20_261_130;

        // Re-execution alone catches the cheaters here; a challenge would block them before verification does.
        options.ChallengeEnabled = false;
    }

    protected override void ConfigureJobs(JobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Short, so the silent miner's timeouts come quickly, but not so short that an honest miner on a loaded CI
        // machine misses it: 500 ms failed two tests in CI on 2026-12-01 ("did not acknowledge the job within 0.5 s"),
        // and 2 s failed one on 2026-12-03 (the honest Melbourne miner, while the suite ran in parallel).
        options.DispatchAckTimeout = TimeSpan.FromSeconds(5);
        options.MaxAttempts = 5;
    }
}
