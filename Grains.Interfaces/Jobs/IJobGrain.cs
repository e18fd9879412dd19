using Aitbc.Orleans.Dispatch;
using Aitbc.Orleans.Verification;
using Orleans.Concurrency;

namespace Aitbc.Orleans.Jobs;

/// <summary>
/// One job's lifecycle: pricing, escrow, routing, dispatch, failover and settlement. Reads and waits interleave with the
/// job's turns; notifications from the fleet return at once and never call back into their sender.
/// </summary>
[Alias("aitbc.IJobGrain")]
public interface IJobGrain : IGrainWithStringKey
{
    /// <summary>
    /// Accepts the job and starts routing; answers only once acceptance is durable (a storage failure throws
    /// <see cref="Storage.StorageUnavailableException"/>). Idempotent: a second call returns the current view.
    /// </summary>
    [Alias("Submit")]
    Task<JobView> Submit(JobSubmission submission);

    /// <summary>
    /// Submit, then wait up to <paramref name="wait"/> (capped below the call timeout) for the job to end; the result is
    /// pushed to this call when it is decided, not polled. Replayed says the job existed before this call.
    /// </summary>
    [Alias("SubmitAndWait"), AlwaysInterleave]
    Task<JobSubmitted> SubmitAndWait(JobSubmission submission, TimeSpan wait);

    [Alias("Get"), AlwaysInterleave]
    Task<JobView?> Get();

    /// <summary>Returns as soon as the job's version passes knownVersion, or when the timeout ends.</summary>
    [Alias("WaitForChange"), AlwaysInterleave]
    Task<JobView?> WaitForChange(int knownVersion, TimeSpan timeout);

    /// <summary>Cancels an unfinished job: the hold is refunded (nothing is charged) and the miner is told to stop.</summary>
    [Alias("Cancel")]
    Task<JobView?> Cancel();

    /// <summary>The miner began the attempt; a notification, not stored.</summary>
    [Alias("Started"), OneWay]
    Task Started(string gpuId, int attempt);

    [Alias("Complete")]
    Task Complete(JobResult result);

    [Alias("Fail")]
    Task Fail(JobFailure failure);

    /// <summary>
    /// The GPU running this job went away (miner offline, thermal shutdown) and already dropped the booking. Returns once
    /// the lost attempt is recorded; re-routing (and any slash) happens on the job's own turn, so the caller is never
    /// called back while it waits.
    /// </summary>
    [Alias("GpuLost")]
    Task GpuLost(string gpuId, string reason);

    /// <summary>
    /// The watchdog's nudge: resume whatever the job was doing if its activation was lost, settle it if it ended, and
    /// refund the hold (on <paramref name="payerAccountId"/>, of <paramref name="hold"/>) of a submission that never
    /// became durable.
    /// </summary>
    [Alias("Resume"), OneWay]
    Task Resume(string payerAccountId, decimal hold);

    /// <summary>
    /// The cluster's re-execution check of this job has decided (cluster-internal: no client may call it). The job
    /// completes with the verified outputs; a repeat, or a verdict for a job that already ended, changes nothing.
    /// </summary>
    [Alias("Verified")]
    Task Verified(VerificationVerdict verdict);
}
