using Microsoft.Extensions.Hosting;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// Replaces the hosts' ConsoleLifetime, which swallows SIGTERM/Ctrl+C to stop the host gracefully: this program
/// drives the hosts itself and never waits on their lifetime, so with ConsoleLifetime a `timeout` (CI) or Ctrl+C
/// would leave the process running. Without it the signal ends the process, as for any console program.
/// </summary>
public sealed class ProcessLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
