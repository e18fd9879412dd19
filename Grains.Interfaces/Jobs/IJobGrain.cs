using Aitbc.Orleans.Dispatch;
using Orleans.Concurrency;

namespace Aitbc.Orleans.Jobs;

/// <summary>One job's lifecycle: pricing, escrow, routing, dispatch, failover and settlement.</summary>
[Alias("aitbc.IJobGrain")]
public interface IJobGrain : IGrainWithStringKey
{
    /// <summary>Accepts the job (idempotent: a second call returns the current view) and starts routing.</summary>
    [Alias("Submit")]
    Task<JobView> Submit(JobSubmission submission);

    [Alias("Get")]
    Task<JobView?> Get();

    /// <summary>Returns as soon as the job's version passes knownVersion, or when the timeout ends.</summary>
    [Alias("WaitForChange"), AlwaysInterleave]
    Task<JobView?> WaitForChange(int knownVersion, TimeSpan timeout);

    [Alias("Cancel")]
    Task<JobView?> Cancel();

    [Alias("Started")]
    Task Started(string gpuId, int attempt);

    [Alias("Complete")]
    Task Complete(JobResult result);

    [Alias("Fail")]
    Task Fail(JobFailure failure);

    /// <summary>The GPU running this job went away (miner offline): hand the work back and re-route.</summary>
    [Alias("GpuLost")]
    Task GpuLost(string gpuId, string reason);
}
