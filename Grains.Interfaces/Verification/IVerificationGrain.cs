namespace Aitbc.Orleans.Verification;

/// <summary>
/// The re-execution check of one sampled job (keyed by the job's id): runs the job again on a GPU of another miner,
/// and on a mismatch a third time on yet another miner, then tells the job which result is right. Cluster-internal:
/// no client may call it.
/// </summary>
[Alias("aitbc.IVerificationGrain")]
public interface IVerificationGrain : IGrainWithStringKey
{
    /// <summary>Starts the check (idempotent: a repeat re-arms a check in progress, or re-delivers a verdict reached).</summary>
    [Alias("Start")]
    Task Start(VerificationRequest request);

    [Alias("Get")]
    Task<VerificationView?> Get();
}
