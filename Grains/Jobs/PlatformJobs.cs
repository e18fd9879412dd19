namespace Aitbc.Orleans.Jobs;

/// <summary>How the cluster runs its own jobs (re-execution checks, hardware challenges) and waits for their end.</summary>
public static class PlatformJobs
{
    /// <summary>
    /// Submits the job (idempotent by its id, so a restarted caller resubmits safely) and waits for it to end, in calls
    /// of at most <paramref name="wait"/> each; returns the final view. A refused submission throws <see cref="JobRejectedException"/>.
    /// </summary>
    public static async Task<JobView?> RunToEnd(IJobGrain job, JobSubmission submission, TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(job);
        var view = (await job.SubmitAndWait(submission, wait)).View;
        while (view is not null && !view.Status.IsTerminal())
        {
            view = await job.WaitForChange(view.Version, wait);
        }

        return await job.Get();
    }
}
