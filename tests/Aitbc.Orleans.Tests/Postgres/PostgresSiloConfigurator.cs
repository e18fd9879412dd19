using Orleans.Hosting;
using Aitbc.Orleans.Silo.Hosting;
using Orleans.TestingHost;

namespace Aitbc.Orleans.Tests.Postgres;

/// <summary>Silo side of <see cref="PostgresCluster"/>: the three ADO.NET providers on Npgsql.</summary>
public sealed class PostgresSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        var connectionString = siloBuilder.Configuration[PostgresCluster.ConnectionStringKey]
            ?? throw new InvalidOperationException($"{PostgresCluster.ConnectionStringKey} missing from the test cluster properties");

        siloBuilder.UseAdoNetClustering(o =>
        {
            o.Invariant = PostgresCluster.Invariant;
            o.ConnectionString = connectionString;
        });
        siloBuilder.AddAdoNetGrainStorageAsDefault(o =>
        {
            o.Invariant = PostgresCluster.Invariant;
            o.ConnectionString = connectionString;
        });
        siloBuilder.AddAitbcPostgresGrainStorage(AitbcConstants.GrainStorage, connectionString);
        siloBuilder.UseAdoNetReminderService(o =>
        {
            o.Invariant = PostgresCluster.Invariant;
            o.ConnectionString = connectionString;
        });
    }
}
