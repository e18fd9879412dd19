using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Verification;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Aitbc.Orleans.Tests.Postgres;

/// <summary>
/// Adds the project's grain services to a PostgreSQL test cluster, so domain grains persist through the ADO.NET provider.
/// Re-execution and hardware challenges are off, as in the shared in-memory cluster: these suites count jobs, money and database round trips exactly.
/// </summary>
public sealed class AitbcDomainSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        ArgumentNullException.ThrowIfNull(siloBuilder);
        siloBuilder.Services.AddAitbcGrainServices();
        siloBuilder.Services.Configure<VerificationOptions>(o =>
        {
            o.DefaultRate = 0;
            o.ElevatedRate = 0;
            o.ChallengeEnabled = false;
        });
    }
}
