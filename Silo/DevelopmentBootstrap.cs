using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Silo;

/// <summary>
/// Development only: funds the documented "dev" tenant so the README walk-through can pay for jobs, and registers the
/// built-in demo model that the local miner runs. Operation ids and content addressing make it idempotent.
/// </summary>
public sealed class DevelopmentBootstrap(
    IGrainFactory grains, IConfiguration configuration, DomainTime time, ILogger<DevelopmentBootstrap> logger) : BackgroundService
{
    public const string DevTenant = "dev";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var funding = configuration.GetValue("Aitbc:Development:TenantFunding", 1000m);
        var result = await grains.GetGrain<IAccountGrain>(DevTenant).Apply(
            new LedgerOperation("dev-funding", LedgerOperationKind.Credit, funding, "development funding"));
        logger.LogInformation("Development tenant '{Tenant}' balance {Balance}", DevTenant, result.Account.Balance);

        var demo = DemoModels.Default;
        var model = await ModelStore.PutAsync(
            grains, demo.Name, "MIT", DevTenant, demo.ModelBytes,
            [new TensorSpec(demo.InputName, TensorElementType.Float32, [-1, demo.InputDim])],
            [new TensorSpec(demo.OutputName, TensorElementType.Float32, [-1, demo.OutputDim])],
            time.GetUtcNow());
        logger.LogInformation("Demo model '{Name}' registered as {ModelId} (input '{Input}' float32 [batch, {Dim}])", demo.Name, model.ModelId, demo.InputName, demo.InputDim);
    }
}
