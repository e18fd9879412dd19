using Orleans.Concurrency;

namespace Aitbc.Orleans.Jobs;

/// <summary>
/// One shard of the registry of unfinished jobs (key: shard number, <see cref="JobWatchdog.ShardOf"/>). Jobs registered
/// here before they accepted anything, so a job whose activation was lost (silo killed, storage failure) was nudged back
/// to life by the shard's reminder. Since session 40 the payer's account watches each job's hold instead, and the
/// shards only nudge the jobs registered before, until each is settled.
/// </summary>
[Alias("aitbc.IJobWatchdogGrain")]
public interface IJobWatchdogGrain : IGrainWithIntegerKey
{
    /// <summary>Durably records the job, the account its hold is on and the amount; answers once written. Kept for silos of earlier versions in a mixed cluster.</summary>
    [Alias("Register")]
    Task Register(string jobId, string payerAccountId, decimal hold);

    /// <summary>The job is settled: forget it. One-way; a lost one only costs the job one more nudge.</summary>
    [Alias("Done"), OneWay]
    Task Done(string jobId);

    /// <summary>Nudges every registered job now (the reminder does it every watchdog period); returns how many.</summary>
    [Alias("Sweep")]
    Task<int> Sweep();
}
