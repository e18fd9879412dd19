namespace Aitbc.Orleans.Silo.Hosting;

/// <summary>Says once, loudly, that a development silo runs without TLS and with the published token key.</summary>
public sealed class PlaintextTransportWarning(ILogger<PlaintextTransportWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogWarning(
            "DEVELOPMENT CLUSTER WITHOUT TLS: silo and client connections are plaintext and session tokens are signed with the " +
            "published development key, so anyone who can reach this silo can act as any miner or operator. Never expose it; " +
            "production (Aitbc:Mode=Production) requires TLS and its own Aitbc:Trust:TokenKey.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
