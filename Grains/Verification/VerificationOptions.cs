namespace Aitbc.Orleans.Verification;

/// <summary>Bound from "Aitbc:Verification".</summary>
public sealed class VerificationOptions
{
    /// <summary>Share of completed jobs re-executed on another miner's GPU (0 turns verification off).</summary>
    public double DefaultRate { get; set; } = 0.05;

    /// <summary>The rate for GPUs that are new, low in QoS or recently caught.</summary>
    public double ElevatedRate { get; set; } = 0.25;

    /// <summary>The rate a GPU under suspicion is sampled at: the elevated rate, never below the default.</summary>
    public double SuspectRate => Math.Max(ElevatedRate, DefaultRate);

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

    /// <summary>Send GPUs hardware challenges: at registration and at random intervals (off in test clusters that count jobs exactly).</summary>
    public bool ChallengeEnabled { get; set; } = true;

    /// <summary>The shortest and longest wait between two challenges of one GPU (drawn uniformly, per GPU, each time).</summary>
    public TimeSpan ChallengeMinInterval { get; set; } = TimeSpan.FromHours(6);

    public TimeSpan ChallengeMaxInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A GPU registering again within this time of its last challenge is not challenged again at once.</summary>
    public TimeSpan ChallengeRegistrationGap { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often a GPU's challenge reminder looks whether a challenge is due (the interval's resolution).</summary>
    public TimeSpan ChallengeCheckPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The work is sized to take this long at the throughput the GPU's profile claims.</summary>
    public double ChallengeTargetSeconds { get; set; } = 0.05;

    /// <summary>The challenge model's shape: dense layers of this width (fp32).</summary>
    public int ChallengeWidth { get; set; } = 256;

    public int ChallengeLayers { get; set; } = 4;

    /// <summary>
    /// Rows at most per challenge: bounds what a challenge moves and costs (8,192 rows of 256 floats: 8 MiB in, 8 MiB
    /// out, 4.3 GFLOP). Below the cap the work is sized to the claimed throughput; at the cap a fast GPU finishes in well
    /// under a millisecond of arithmetic, so fixed per-run costs weigh on its measured time and the slowness flag is
    /// advisory only.
    /// </summary>
    public int ChallengeMaxBatch { get; set; } = 8192;

    /// <summary>
    /// Seed of the challenge model's weights. The inputs are fresh for every challenge (from the OS CSPRNG), so knowing the
    /// model does not give the answer; one model per deployment keeps the model store from growing with challenges.
    /// </summary>
    public int ChallengeModelSeed { get; set; } = 0x5eed_c0de;

    /// <summary>The most the platform pays a miner for one challenge run.</summary>
    public decimal ChallengeMaxPrice { get; set; } = 0.05m;

    /// <summary>
    /// Seed of the sampling draws, for tests and reproducible demonstrations only. Unset in production: the draws then
    /// come from the operating system's cryptographic generator, so no one can predict which jobs are checked.
    /// </summary>
    public int? Seed { get; set; }
}
