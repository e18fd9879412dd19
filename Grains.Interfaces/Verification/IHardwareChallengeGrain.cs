namespace Aitbc.Orleans.Verification;

/// <summary>
/// The hardware challenges of one GPU (keyed by the GPU id): a known-answer job sized to the GPU's claimed profile and
/// pinned to it, sent soon after it registers and then at random intervals, judged by the cluster and recorded in the
/// GPU's integrity record. Cluster-internal: no client may call it (operators read it).
/// </summary>
[Alias("aitbc.IHardwareChallengeGrain")]
public interface IHardwareChallengeGrain : IGrainWithStringKey
{
    /// <summary>The GPU registered: challenge it soon (unless it was challenged within the registration gap) and keep challenging it.</summary>
    [Alias("Registered")]
    Task Registered();

    /// <summary>Challenge it now (operators), unless a challenge is running; returns the challenge's job id.</summary>
    [Alias("ChallengeNow")]
    Task<string> ChallengeNow();

    [Alias("Get")]
    Task<HardwareChallengeView> Get();
}
