using Orleans.TestingHost;

namespace Aitbc.Orleans.Tests.Postgres;

/// <summary>
/// Builds TestClusters whose silos and client use the Orleans ADO.NET providers on PostgreSQL,
/// i.e. the production wiring: clustering, default + "aitbc" grain storage, reminders.
/// </summary>
public static class PostgresCluster
{
    /// <summary>Configuration key the configurators read the connection string from.</summary>
    public const string ConnectionStringKey = "AitbcPostgres";

    public const string Invariant = "Npgsql";

    /// <summary>
    /// A builder with the PostgreSQL configurators already added. The classic TestCluster is used
    /// rather than InProcessTestCluster because only it lets the silos use a real membership table.
    /// Add domain wiring with <c>AddSiloBuilderConfigurator&lt;T&gt;()</c>; reach the connection string
    /// in a configurator through <c>siloBuilder.Configuration[ConnectionStringKey]</c>.
    /// </summary>
    public static TestClusterBuilder CreateBuilder(string connectionString, short silos = 2, string? clusterId = null, string? serviceId = null)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ClusterId = clusterId ?? $"pg-{Guid.NewGuid():N}"[..16];
        builder.Options.ServiceId = serviceId ?? $"aitbc-{Guid.NewGuid():N}"[..22];
        builder.Options.ConfigureFileLogging = false;
        builder.Properties[ConnectionStringKey] = connectionString;
        builder.AddSiloBuilderConfigurator<PostgresSiloConfigurator>();
        builder.AddClientBuilderConfigurator<PostgresClientConfigurator>();
        return builder;
    }

    /// <summary>
    /// Deploys a cluster on <paramref name="connectionString"/>. Pass the previous cluster's ids to
    /// "restart" a deployment: state and reminders are keyed by ServiceId, membership by ClusterId.
    /// </summary>
    public static async Task<TestCluster> StartAsync(
        string connectionString,
        Action<TestClusterBuilder>? configure = null,
        short silos = 2,
        string? clusterId = null,
        string? serviceId = null)
    {
        var builder = CreateBuilder(connectionString, silos, clusterId, serviceId);
        configure?.Invoke(builder);
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            // A failed deploy leaves the client and stopped silos around; release them before reporting.
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }
}
