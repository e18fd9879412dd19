using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Hosting;

/// <summary>
/// The background loop of a per-silo service: from <see cref="Start"/> (the silo's Active stage) until <see cref="StopAsync"/>
/// it runs its tick every interval on the process clock, one tick at a time. A tick that throws is logged and the loop
/// goes on; stopping cancels the wait and the token the tick was given, and gives a running tick a grace period.
/// </summary>
public sealed class PeriodicSiloLoop(string what, TimeSpan interval, Func<CancellationToken, Task> tick, ILogger logger) : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    /// <summary>Cancelled when the silo stops.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public Task Start(CancellationToken cancellationToken)
    {
        _loop = Task.Run(Run, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(TimeSpan grace)
    {
        await _stopping.CancelAsync();
        await Task.WhenAny(_loop, Task.Delay(grace, CancellationToken.None));
    }

    public void Dispose() => _stopping.Dispose();

    private async Task Run()
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                try
                {
                    await tick(_stopping.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !_stopping.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "{What} failed; the next tick tries again", what);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }
}
