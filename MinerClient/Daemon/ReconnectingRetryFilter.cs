using Microsoft.Extensions.Logging;
using Orleans;

namespace Aitbc.Orleans.Miner.Daemon;

/// <summary>
/// Keeps retrying the first connection to the cluster with exponential backoff (1 s to 30 s) until the daemon stops:
/// a home rig that boots before the coordinator, or behind a flaky link, must not give up.
/// </summary>
public sealed class ReconnectingRetryFilter(ILogger<ReconnectingRetryFilter> logger) : IClientConnectionRetryFilter
{
    private int _attempt;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Min(_attempt++, 5))));
        logger.LogWarning("Cannot reach the cluster ({Error}); retrying in {Delay}", exception.Message, delay);
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return !cancellationToken.IsCancellationRequested;
    }
}
