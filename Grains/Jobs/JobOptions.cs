namespace Aitbc.Orleans.Jobs;

/// <summary>Bound from "Aitbc:Jobs".</summary>
public sealed class JobOptions
{
    /// <summary>Routed attempts (re-routes included) before a job fails and is refunded.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Retries on the same GPU for errors classed RetrySame.</summary>
    public int MaxSameGpuRetries { get; set; } = 1;

    /// <summary>From dispatch to result; past it the attempt is abandoned and the job re-routed.</summary>
    public TimeSpan ExecutionTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long an accepted job waits for capacity before it fails with the no-capacity reason.</summary>
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First wait before routing again when no GPU fits; doubles per try up to MaxRetryDelay.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A completed job slower end to end than budget × this factor is an SLA latency breach.</summary>
    public double SlaGraceFactor { get; set; } = 3;

    /// <summary>Period of the reminder that resumes an unfinished job after a silo restart.</summary>
    public TimeSpan WatchdogPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
