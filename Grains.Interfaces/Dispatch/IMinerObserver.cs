namespace Aitbc.Orleans.Dispatch;

/// <summary>
/// The miner's end of its outbound connection. The cluster pushes work down it without waiting inside the miner
/// grain; returning from Execute is the acknowledgement, and the result comes back later through IJobGrain.Complete
/// or Fail. A push that is lost is covered by the job's own timer.
/// </summary>
[Alias("aitbc.IMinerObserver")]
public interface IMinerObserver : IGrainObserver
{
    [Alias("Execute")]
    Task Execute(JobAssignment assignment);

    /// <summary>Stop this attempt of the job (cancelled by the submitter, or past its execution deadline); its result will be ignored.</summary>
    [Alias("CancelAttempt")]
    Task Cancel(string jobId, int attempt);

    /// <summary>Fetch a model variant into the cache for a deployment (returns at once; the miner reports to the deployment).</summary>
    [Alias("Prefetch")]
    Task Prefetch(Models.Deployments.ModelPrefetch prefetch);
}
