namespace Aitbc.Orleans.Dispatch;

/// <summary>
/// The miner's end of its outbound connection. The cluster pushes work down it; returning from Execute is the
/// acknowledgement, and the result comes back later through IJobGrain.Complete or Fail.
/// </summary>
[Alias("aitbc.IMinerObserver")]
public interface IMinerObserver : IGrainObserver
{
    [Alias("Execute")]
    Task Execute(JobAssignment assignment);

    [Alias("Cancel")]
    Task Cancel(string jobId);
}
