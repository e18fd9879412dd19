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

        // As in the in-memory fixtures: the whole suite runs in parallel on two cores, so calls get 2 min, not 30 s.
        siloBuilder.Configure<global::Orleans.Configuration.SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(2));
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
