using Microsoft.Extensions.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Aitbc.Orleans.Tests.Postgres;

/// <summary>Client side of <see cref="PostgresCluster"/>: gateways come from the membership table.</summary>
public sealed class PostgresClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
    {
        var connectionString = configuration[PostgresCluster.ConnectionStringKey]
            ?? throw new InvalidOperationException($"{PostgresCluster.ConnectionStringKey} missing from the test cluster properties");

        clientBuilder.Configure<global::Orleans.Configuration.ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(2));
        clientBuilder.UseAdoNetClustering(o =>
        {
            o.Invariant = PostgresCluster.Invariant;
            o.ConnectionString = connectionString;
        });
    }
}
