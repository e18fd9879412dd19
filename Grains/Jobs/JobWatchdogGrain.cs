using Aitbc.Orleans.Hosting;
using Orleans.Concurrency;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Jobs;

/// <summary>
/// One shard of the registry of unfinished jobs, as it was before the payers' accounts watched their jobs' holds
/// (session 40): no job registers any more, and the shards nudge the jobs registered before until each is settled and
/// says so. Registrations were written before the job accepted anything, in batches (reentrant, <see cref="GroupCommit"/>).
/// Forgetting a settled job is not written at once: it rides on the next write, and a job nudged once too often only
/// answers Done again. The shard's one reminder nudges its jobs every watchdog period, which is what brings back a job
/// whose activation was lost and refunds a hold whose submission never became durable.
/// </summary>
[Reentrant]
public sealed class JobWatchdogGrain(
    [PersistentState("jobwatchdog", AitbcConstants.GrainStorage)] IPersistentState<Dictionary<string, WatchedJob>> state,
    IOptions<JobOptions> options,
    ILogger<JobWatchdogGrain> logger) : Grain, IJobWatchdogGrain, IRemindable
{
    private const string ReminderName = "job-watchdog-shard";
    private GroupCommit? _commit;
    private IGrainTimer? _flush;
    private bool _dirty;

    /// <summary>
    /// The registry as calls change it. Calls interleave with a write in flight, and a provider may serialise the state
    /// after its first await, so each write stores a copy taken when it starts, never the dictionary calls change.
    /// </summary>
    private Dictionary<string, WatchedJob> _jobs = new(StringComparer.Ordinal);

    private GroupCommit Commits => _commit ??= new GroupCommit(Write, ex => this.DeactivateAfterFailedWrite(ex));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _jobs = new Dictionary<string, WatchedJob>(state.State, StringComparer.Ordinal);
        await this.RegisterOrUpdateReminder(ReminderName, options.Value.WatchdogPeriod, options.Value.WatchdogPeriod, cancellationToken);
    }

    public Task Register(string jobId, string payerAccountId, decimal hold)
    {
        _jobs[jobId] = new WatchedJob(payerAccountId, hold);
        return Commits.Commit();
    }

    public Task Done(string jobId)
    {
        if (_jobs.Remove(jobId) && !_dirty)
        {
            // Persisted with the next registration, or by this timer when the shard is quiet.
            _dirty = true;
            _flush ??= this.RegisterGrainTimer(Flush, new GrainTimerCreationOptions(options.Value.WatchdogPeriod / 4, Timeout.InfiniteTimeSpan));
        }

        return Task.CompletedTask;
    }

    public async Task<int> Sweep()
    {
        var jobs = _jobs.ToArray();
        foreach (var (jobId, job) in jobs)
        {
            await GrainFactory.Grain<IJobGrain>(jobId).Resume(job.PayerAccountId, job.Hold);
        }

        return jobs.Length;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var nudged = await Sweep();
        if (nudged > 0)
        {
            logger.LogDebug("Watchdog shard {Shard} nudged {Count} job(s)", this.GetPrimaryKeyLong(), nudged);
        }
    }

    private async Task Flush(CancellationToken cancellationToken)
    {
        _flush?.Dispose();
        _flush = null;
        if (_dirty)
        {
            await Commits.Commit();
        }
    }

    private Task Write()
    {
        _dirty = false;
        state.State = new Dictionary<string, WatchedJob>(_jobs, StringComparer.Ordinal);
        return state.WriteStateAsync();
    }
}
