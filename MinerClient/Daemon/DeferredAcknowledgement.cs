using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Miner.Daemon;

/// <summary>
/// Tells the cluster that an attempt runs here, unless the run reports first. A result or a failure acknowledges the
/// attempt as well (the job grain stops its acknowledgement timer on either), so a job that finishes within the window
/// costs the cluster one call from the rig instead of two; a longer run (a model download, a big batch) is
/// acknowledged when the window ends. The cluster sets the budget: the window is at most a tenth of the acknowledgement
/// timeout the assignment carries, and an assignment that carries none is acknowledged at once.
/// </summary>
public sealed class DeferredAcknowledgement : IDisposable
{
    /// <summary>The window is at most this share of the cluster's acknowledgement timeout.</summary>
    public const int ShareOfTimeout = 10;

    private readonly Func<Task> _acknowledge;
    private readonly ILogger _logger;
    private readonly string _jobId;
    /// <summary>Null only while the constructor runs: a very short window can fire before the timer is stored.</summary>
    private readonly ITimer? _timer;
    private int _settled;

    private DeferredAcknowledgement(TimeProvider time, TimeSpan window, Func<Task> acknowledge, ILogger logger, string jobId)
    {
        _acknowledge = acknowledge;
        _logger = logger;
        _jobId = jobId;
        _timer = time.CreateTimer(_ => _ = Send(), null, window, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Acknowledges at once when the window is zero (awaited, so a failure to reach the cluster ends the run as it
    /// always has), otherwise arms the timer that acknowledges when the window ends.
    /// </summary>
    public static async Task<DeferredAcknowledgement?> StartAsync(
        TimeProvider time, TimeSpan window, Func<Task> acknowledge, ILogger logger, string jobId)
    {
        ArgumentNullException.ThrowIfNull(acknowledge);
        if (window <= TimeSpan.Zero)
        {
            await acknowledge();
            return null;
        }

        return new DeferredAcknowledgement(time, window, acknowledge, logger, jobId);
    }

    /// <summary>How long a run may go unacknowledged: the daemon's setting, capped by the cluster's timeout (zero: at once).</summary>
    public static TimeSpan WindowFor(TimeSpan configured, TimeSpan clusterTimeout) =>
        configured <= TimeSpan.Zero || clusterTimeout <= TimeSpan.Zero ? TimeSpan.Zero
        : configured < clusterTimeout / ShareOfTimeout ? configured : clusterTimeout / ShareOfTimeout;

    /// <summary>The run is about to report: the report is the acknowledgement, so the timer stands down if it has not fired.</summary>
    public void Settle()
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            _timer?.Dispose();
        }
    }

    public void Dispose() => Settle();

    private async Task Send()
    {
        if (Interlocked.Exchange(ref _settled, 1) != 0)
        {
            return;
        }

        try
        {
            await _acknowledge();
        }
        catch (Exception ex)
        {
            // The run goes on: its report acknowledges it too, and a run that never reports is the cluster's timeout to end.
            _logger.LogWarning("Job {Job}: could not tell the cluster that its run started: {Error}", _jobId, ex.Message);
        }
        finally
        {
            _timer?.Dispose();
        }
    }
}
