using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Miner.Daemon;

/// <summary>
/// The daemon's host lifetime: SIGTERM and SIGINT first drain the miner (running jobs finish or are handed back, then
/// it deregisters) and only then stop the host. The default console lifetime would stop the host at once, and the
/// Orleans client drops its connections as soon as the application starts stopping, so results could not go back.
/// </summary>
public sealed class DrainingLifetime(IHostApplicationLifetime lifetime, MinerAgent agent, ILogger<DrainingLifetime> logger) : IHostLifetime, IDisposable
{
    private readonly List<PosixSignalRegistration> _signals = [];
    private int _stopping;

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
        _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var signal in _signals)
        {
            signal.Dispose();
        }
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.Exchange(ref _stopping, 1) == 1)
        {
            return;
        }

        logger.LogInformation("{Signal} received: draining before shutdown", context.Signal);

        _ = Task.Run(async () =>
        {
            try
            {
                await agent.DrainAndDeregisterAsync();
            }
            finally
            {
                lifetime.StopApplication();
            }
        });
    }
}
