namespace Aitbc.Orleans.Verification;

/// <summary>
/// One GPU's integrity record (keyed by the GPU id), kept apart from the fleet grains: verification verdicts, timeouts,
/// hardware challenges. It decides how often the GPU's results are checked and when it stops being routable.
/// Cluster-internal: no client may call it (operators read it).
/// </summary>
[Alias("aitbc.IGpuIntegrityGrain")]
public interface IGpuIntegrityGrain : IGrainWithStringKey
{
    /// <summary>The probability that a completed job of this GPU is re-executed, given its current QoS score.</summary>
    [Alias("SamplingRate")]
    Task<double> SamplingRate(double qosScore);

    /// <summary>A verification verdict on one of this GPU's results; a wrong one counts as an offence (once per job).</summary>
    [Alias("RecordVerdict")]
    Task<GpuIntegrityView> RecordVerdict(string jobId, bool correct, string evidence);

    /// <summary>An attempt of this GPU ran past its deadline; true when this one is a repeat that must be slashed.</summary>
    [Alias("RecordTimeout")]
    Task<bool> RecordTimeout(string jobId);

    /// <summary>The result of a hardware challenge: a wrong answer blocks the GPU; a slow one flags it for operators.</summary>
    [Alias("RecordChallenge")]
    Task<GpuIntegrityView> RecordChallenge(HardwareChallengeResult result);

    /// <summary>An operator clears a block (after review).</summary>
    [Alias("Clear")]
    Task<GpuIntegrityView> Clear(string reason);

    [Alias("Get")]
    Task<GpuIntegrityView> Get();
}
