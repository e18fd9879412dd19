namespace Aitbc.Orleans.Cli;

/// <summary>What the process's exit status means, for scripts.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The gateway refused the request, could not be reached, or an input was wrong (the reason is on standard error).</summary>
    public const int Error = 1;

    /// <summary>The job ended failed or cancelled (its JSON is still printed).</summary>
    public const int JobNotCompleted = 3;

    /// <summary>The wait ended before the job did (its JSON as it is is printed).</summary>
    public const int StillRunning = 4;

    public static int For(Sdk.Contracts.Job job) => job switch
    {
        { Status: Sdk.Contracts.JobStatus.Completed } => Ok,
        { IsTerminal: true } => JobNotCompleted,
        _ => StillRunning,
    };
}
