using Aitbc.Orleans.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Gateway.Jobs;

/// <summary>
/// Samples how far behind a submission's work runs (<see cref="SchedulingLagProbe"/>) ten times a second and feeds it
/// to <see cref="SubmissionAdmission"/>. In the development system the gateway lives in the silo, so its own queue is
/// the silo's; a gateway in its own process pings the silos as well.
/// </summary>
public sealed class SchedulingLagSampler(SubmissionAdmission admission, ILogger<SchedulingLagSampler> logger, Func<Task<TimeSpan>> measure)
    : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    public SchedulingLagSampler(SubmissionAdmission admission, ILogger<SchedulingLagSampler> logger, SchedulingLagProbe probe)
        : this(admission, logger, (probe ?? throw new ArgumentNullException(nameof(probe))).Measure)
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
                await Task.Delay(Period, stoppingToken).ConfigureAwait(false);
                var lag = await measure().ConfigureAwait(false);
                AitbcMetrics.SchedulingLag.Record(lag.TotalMilliseconds);
                var limit = admission.Observe(lag);

                // One line when the gateway starts shedding below its configured bound and one when it is back at it,
                // not one per step.
                if (!lowered && limit < admission.MaxLimit)
                {
                    lowered = true;
                    logger.LogWarning(
                        "Job submissions run behind (scheduling lag {LagMs:0} ms): the gateway holds at most {Limit} of {Max} job submissions until it catches up",
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
}
