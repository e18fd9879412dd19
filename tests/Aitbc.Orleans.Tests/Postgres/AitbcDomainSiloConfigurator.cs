using Aitbc.Orleans.Hosting;
using Orleans.TestingHost;

namespace Aitbc.Orleans.Tests.Postgres;

/// <summary>Adds the project's grain services to a PostgreSQL test cluster, so domain grains persist through the ADO.NET provider.</summary>
public sealed class AitbcDomainSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder) => siloBuilder.Services.AddAitbcGrainServices();
}
