namespace Aitbc.Orleans.Jobs;

/// <summary>Bound from "Aitbc:Jobs".</summary>
public sealed class JobOptions
{
    /// <summary>How far in the past (by the cluster's clock) a booking's window may start: clocks and requests take time.</summary>
    public TimeSpan BookingStartSkew { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest booking window.</summary>
    public TimeSpan MaxBookingLength { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How far ahead a booking's window may start.</summary>
    public TimeSpan MaxBookingLead { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// The longest a booking's reminder sleeps: it wakes at least this often before its window ends (and at the end),
    /// so a reminder table's clock and the cluster's clock need not agree for long.
    /// </summary>
    public TimeSpan BookingCheckInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>GPUs of a class a booking by class and region tries, cheapest first, before it is refused.</summary>
    public int BookingCandidates { get; set; } = 8;

    /// <summary>Routed attempts (re-routes included) before a job fails and is refunded.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Retries on the same GPU for errors classed RetrySame.</summary>
    public int MaxSameGpuRetries { get; set; } = 1;

    /// <summary>From dispatch to result; past it the attempt is abandoned, the miner told to stop, and the job re-routed.</summary>
    public TimeSpan ExecutionTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// From dispatch to the miner's first word (Started, a result or a failure); past it the push is taken as lost and
    /// the job re-routed. The dispatch itself does not wait for the miner.
    /// </summary>
    public TimeSpan DispatchAckTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an accepted job waits for capacity before it fails with the no-capacity reason.</summary>
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Routing tries before a job may fail for want of capacity, whatever the queue timeout: a GPU whose last job has
    /// just ended looks busy until that job's release (one-way) reaches it, so one look is not enough to say no.
    /// </summary>
    public int MinCapacityTries { get; set; } = 3;

    /// <summary>First wait before routing again when no GPU fits; doubles per try up to MaxRetryDelay.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A completed job slower than budget × this factor is an SLA latency breach. The SLA clock runs from dispatch less
    /// the model download and load the miner reports (capped by <see cref="ModelLoadAllowance"/>), so a cold first job
    /// is not slashed for fetching its model.
    /// </summary>
    public double SlaGraceFactor { get; set; } = 3;

    /// <summary>The most model download and load time excluded from the SLA clock: this grace plus the model's size at <see cref="MinDownloadBytesPerSecond"/>.</summary>
    public TimeSpan ModelLoadGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The slowest download the SLA allows for (the routing floor, 10 MB/s).</summary>
    public double MinDownloadBytesPerSecond { get; set; } = 10_000_000;

    /// <summary>How much of a miner's reported model download and load time the SLA clock may leave out for a model of this size.</summary>
    public double ModelLoadAllowance(long modelBytes) =>
        ModelLoadGrace.TotalMilliseconds + (Math.Max(0, modelBytes) / Math.Max(1, MinDownloadBytesPerSecond) * 1000);

    /// <summary>Period of the watchdog shards' reminder, which resumes jobs whose activation was lost.</summary>
    public TimeSpan WatchdogPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Watchdog shards (the registry of unfinished jobs is spread over this many grains, each with one reminder).</summary>
    public int WatchdogShards { get; set; } = 16;

    /// <summary>A settled job stays active this long (for the reads that follow a result), then deactivates.</summary>
    public TimeSpan SettledLinger { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The linger instead when a caller was waiting for the end (submit with wait, cancel) and got the result: zero
    /// deactivates at once, since a later read is rare and reactivates from storage.
    /// </summary>
    public TimeSpan DeliveredLinger { get; set; } = TimeSpan.Zero;

    /// <summary>Largest result accepted from a miner (all outputs together), in bytes.</summary>
    public long MaxOutputBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Longest one SubmitAndWait or WaitForChange call blocks, under the Orleans call timeout.</summary>
    public TimeSpan MaxCallWait { get; set; } = TimeSpan.FromSeconds(20);
}
