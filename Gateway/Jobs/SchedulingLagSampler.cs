using System.Diagnostics;
using Aitbc.Orleans.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Gateway.Jobs;

/// <summary>
/// Measures how late this process runs queued work (the time a work item waits in the thread pool's queue behind
/// other work) ten times a second and feeds it to <see cref="SubmissionAdmission"/>. Operational time on the process
/// clock, not domain time: a faked clock has no queue to measure. In the development system the gateway lives in the
/// silo, so this is the silo's lag; a gateway in its own process measures its own.
/// </summary>
public sealed class SchedulingLagSampler(SubmissionAdmission admission, ILogger<SchedulingLagSampler> logger, Func<Task<TimeSpan>> measure)
    : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    public SchedulingLagSampler(SubmissionAdmission admission, ILogger<SchedulingLagSampler> logger)
        : this(admission, logger, QueueDelay)
    {
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!admission.Adapts)
        {
            return;
        }

        var lowered = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(Period, stoppingToken);
                var lag = await measure();
                AitbcMetrics.SchedulingLag.Record(lag.TotalMilliseconds);
                var limit = admission.Observe(lag);

                // One line when the gateway starts shedding below its configured bound and one when it is back at it,
                // not one per step.
                if (!lowered && limit < admission.MaxLimit)
                {
                    lowered = true;
                    logger.LogWarning(
                        "Gateway falls behind (scheduling lag {LagMs:0} ms): it holds at most {Limit} of {Max} job submissions until it catches up",
                        lag.TotalMilliseconds, limit, admission.MaxLimit);
                }
                else if (lowered && limit == admission.MaxLimit)
                {
                    lowered = false;
                    logger.LogInformation("Gateway caught up: it holds up to {Limit} job submissions again", limit);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// How long a work item waits in the thread pool's global queue, where the silo's grains and the gateway's requests
    /// wait. Not a timer's lateness: the runtime fires timers from a queue of higher priority, so they run on time while
    /// grain work waits seconds.
    /// </summary>
    public static Task<TimeSpan> QueueDelay()
    {
        var ran = new TaskCompletionSource<TimeSpan>();
        ThreadPool.UnsafeQueueUserWorkItem(
            static probe => probe.Ran.TrySetResult(Stopwatch.GetElapsedTime(probe.QueuedAt)),
            (QueuedAt: Stopwatch.GetTimestamp(), Ran: ran),
            preferLocal: false);
        return ran.Task;
    }
}
