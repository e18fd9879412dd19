namespace Aitbc.Orleans.Verification;

/// <summary>Bound from "Aitbc:Verification".</summary>
public sealed class VerificationOptions
{
    /// <summary>Share of completed jobs re-executed on another miner's GPU (0 turns verification off).</summary>
    public double DefaultRate { get; set; } = 0.05;

    /// <summary>The rate for GPUs that are new, low in QoS or recently caught.</summary>
    public double ElevatedRate { get; set; } = 0.25;

    /// <summary>A GPU with fewer verified jobs than this is new.</summary>
    public int NewGpuVerifiedJobs { get; set; } = 10;

    /// <summary>A GPU whose QoS score is below this is checked at the elevated rate.</summary>
    public double LowQosScore { get; set; } = 0.6;

    /// <summary>How long after a wrong result or a slash a GPU stays at the elevated rate.</summary>
    public TimeSpan RecentOffenceWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Wrong results after which a GPU is no longer routable (until an operator clears it).</summary>
    public int WrongResultsBeforeBlock { get; set; } = 2;

    /// <summary>Timeouts within <see cref="TimeoutWindow"/> from which each further one is slashed.</summary>
    public int TimeoutsBeforeSlash { get; set; } = 3;

    public TimeSpan TimeoutWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>fp32 and fp64 outputs agree when their relative L2 distance is at most this.</summary>
    public double Fp32Tolerance { get; set; } = 1e-4;

    /// <summary>fp16 outputs agree when their relative L2 distance is at most this.</summary>
    public double Fp16Tolerance { get; set; } = 1e-2;

    /// <summary>A hardware challenge slower than the profile implies by this factor flags "suspected misreported model".</summary>
    public double ChallengeSlowdownFlag { get; set; } = 5;

    /// <summary>
    /// Seed of the sampling draws, for tests and reproducible demonstrations only. Unset in production: the draws then
    /// come from the operating system's cryptographic generator, so no one can predict which jobs are checked.
    /// </summary>
    public int? Seed { get; set; }
}
