using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Hosting;

/// <summary>
/// Delivery for notifications whose loss only a timeout would otherwise recover (a job told its GPU is gone, a slash for
/// a thermal emergency): the call is awaited, and retried when the target could not take it (its storage failed, it did
/// not answer in time), so a transient failure delays it by seconds rather than losing it.
/// </summary>
public static class Notifications
{
    public static async Task<bool> Deliver(Func<Task> call, ILogger logger, string what, int attempts = 3)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(logger);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await call();
                return true;
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException)
            {
                if (attempt >= attempts)
                {
                    logger.LogWarning("Could not {What} after {Attempts} tries: {Error}", what, attempts, ex.Message);
                    return false;
                }

                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
        }
    }
}
