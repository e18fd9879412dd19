using Orleans.Concurrency;

namespace Aitbc.Orleans.Jobs;

/// <summary>
/// One shard of the registry of unfinished jobs (key: shard number, <see cref="JobWatchdog.ShardOf"/>). A job registers
/// here before it accepts anything, so a job whose activation is lost (silo killed, storage failure) is nudged back to
/// life by the shard's reminder, and a hold taken by a submission that never became durable is found and refunded.
/// </summary>
[Alias("aitbc.IJobWatchdogGrain")]
public interface IJobWatchdogGrain : IGrainWithIntegerKey
{
    /// <summary>Durably records the job, the account its hold is on and the amount; answers once written.</summary>
    [Alias("Register")]
    Task Register(string jobId, string payerAccountId, decimal hold);

    /// <summary>The job is settled: forget it. One-way; a lost one only costs the job one more nudge.</summary>
    [Alias("Done"), OneWay]
    Task Done(string jobId);

    /// <summary>Nudges every registered job now (the reminder does it every watchdog period); returns how many.</summary>
    [Alias("Sweep")]
    Task<int> Sweep();
}
