using Aitbc.Orleans.Access;
using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Miner.Daemon;
using Aitbc.Orleans.Miner.Identity;
using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Silo;

/// <summary>
/// Development only: enrols the in-process local miner (owned by "dev") before it registers, funds the documented
/// "dev" tenant so the README walk-through can pay for jobs, and registers the built-in demo model that the local
/// miner runs. Operation ids, first-enrolment-wins and content addressing make it idempotent.
/// </summary>
public sealed class DevelopmentBootstrap(
    IGrainFactory grains, IServiceProvider services, IConfiguration configuration, DomainTime time, ILogger<DevelopmentBootstrap> logger) : BackgroundService
{
    public const string DevTenant = "dev";

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the local miner's agent starts (hosted services start in order): it registers at once.
        if (services.GetService<MinerIdentity>() is { } identity && services.GetService<MinerOptions>() is { } miner)
        {
            var minerId = miner.MinerId ?? MinerAgent.DefaultMinerId(identity);
            var enrollment = await grains.Grain<IMinerEnrollmentGrain>(minerId).Enroll(
                new MinerEnrollment(minerId, DevTenant, identity.PublicKeyBase64, "local miner", time.GetUtcNow(), CredentialKeyId: ""));
            logger.LogInformation("Local miner {Miner} enrolled for '{Owner}'", minerId, enrollment.OwnerAccountId);
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var funding = configuration.GetValue("Aitbc:Development:TenantFunding", 1000m);
        var result = await grains.Grain<IAccountGrain>(DevTenant).Apply(
            new LedgerOperation("dev-funding", LedgerOperationKind.Credit, funding, "development funding"));
        logger.LogInformation("Development tenant '{Tenant}' balance {Balance}", DevTenant, result.Account.Balance);

        // The platform pays for verification re-runs out of its fees; in development it starts with a float for them.
        var platformFloat = configuration.GetValue("Aitbc:Development:PlatformFunding", 100m);
        await grains.Grain<IAccountGrain>(LedgerAccounts.Platform).Apply(
            new LedgerOperation("dev-platform-funding", LedgerOperationKind.Credit, platformFloat, "development float for verification"));

        var demo = DemoModels.Default;
        var model = await ModelStore.PutAsync(
            grains, demo.Name, "MIT", DevTenant, demo.ModelBytes,
            [new TensorSpec(demo.InputName, TensorElementType.Float32, [-1, demo.InputDim])],
            [new TensorSpec(demo.OutputName, TensorElementType.Float32, [-1, demo.OutputDim])],
            time.GetUtcNow());
        logger.LogInformation("Demo model '{Name}' registered as {ModelId} (input '{Input}' float32 [batch, {Dim}])", demo.Name, model.ModelId, demo.InputName, demo.InputDim);
    }
}
