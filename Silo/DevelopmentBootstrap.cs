using Aitbc.Orleans.Ledger;

namespace Aitbc.Orleans.Silo;

/// <summary>
/// Development only: funds the documented "dev" tenant so the README walk-through can pay for jobs. Operation ids
/// make it idempotent across restarts.
/// </summary>
public sealed class DevelopmentBootstrap(IGrainFactory grains, IConfiguration configuration, ILogger<DevelopmentBootstrap> logger) : BackgroundService
{
    public const string DevTenant = "dev";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var funding = configuration.GetValue("Aitbc:Development:TenantFunding", 1000m);
        var result = await grains.GetGrain<IAccountGrain>(DevTenant).Apply(
            new LedgerOperation("dev-funding", LedgerOperationKind.Credit, funding, "development funding"));
        logger.LogInformation("Development tenant '{Tenant}' balance {Balance}", DevTenant, result.Account.Balance);
    }
}
