using Aitbc.Orleans.Silo.Hosting;
using Npgsql;
using Orleans.TestingHost;
using Xunit;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// A throw-away PostgreSQL database carrying the repo's Orleans schema (deploy/sql/postgresql/*.sql).
/// The server comes from <c>AITBC_POSTGRES</c> (an Npgsql connection string whose role may CREATE DATABASE);
/// when it is unset the fixture stays inert and <see cref="EnsureAvailable"/> skips the calling test.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    public const string EnvironmentVariable = "AITBC_POSTGRES";
    public const string SkipReason = "AITBC_POSTGRES is not set: PostgreSQL integration suite skipped";

    /// <summary>Set to 1 to keep the test databases for inspection instead of dropping them.</summary>
    public const string KeepVariable = "AITBC_POSTGRES_KEEP";

    private readonly List<string> _created = [];
    private readonly string? _serverConnectionString = Environment.GetEnvironmentVariable(EnvironmentVariable);
    private string? _connectionString;

    public bool IsAvailable => !string.IsNullOrWhiteSpace(_serverConnectionString);

    /// <summary>Connection string of this fixture's database (schema applied).</summary>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException(SkipReason);

    /// <summary>Call first in every test of the suite: skips it when no server is configured.</summary>
    public void EnsureAvailable()
    {
        if (!IsAvailable)
        {
            Assert.Skip(SkipReason);
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (IsAvailable)
        {
            _connectionString = await CreateDatabaseAsync(applySchema: true);
        }
    }

    /// <summary>
    /// Creates another uniquely named database on the same server, dropped with the fixture.
    /// Without the schema it is what a silo meets on a server nobody ran deploy/sql against.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(bool applySchema, CancellationToken cancellationToken = default)
    {
        EnsureAvailable();
        var name = $"aitbc_test_{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid():N}"[..48];
        await using (var admin = new NpgsqlConnection(_serverConnectionString))
        {
            await admin.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);

            // A session time zone far from UTC makes any timestamp that slips through a
            // "timestamp without time zone" conversion visibly wrong instead of accidentally right.
            await using var zone = new NpgsqlCommand($"ALTER DATABASE \"{name}\" SET timezone TO 'Pacific/Kiritimati'", admin);
            await zone.ExecuteNonQueryAsync(cancellationToken);
        }

        lock (_created)
        {
            _created.Add(name);
        }

        // Sized as every process of the cluster sizes its pool, so the suite's silos cannot exhaust a shared server.
        var connectionString = SiloDatabase.WithPoolSize(new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = name }.ConnectionString);
        if (applySchema)
        {
            await ApplySchemaAsync(connectionString, cancellationToken);
        }

        return connectionString;
    }

    /// <summary>Runs deploy/sql/postgresql/*.sql in name order, in one transaction, as deploy/sql/apply.sh does.</summary>
    public static async Task ApplySchemaAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var script in SchemaScripts())
        {
            await using var command = new NpgsqlCommand(await File.ReadAllTextAsync(script, cancellationToken), connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public static IReadOnlyList<string> SchemaScripts()
    {
        var directory = Path.Combine(RepositoryRoot(), "deploy", "sql", "postgresql");
        var scripts = Directory.GetFiles(directory, "*.sql").Order(StringComparer.Ordinal).ToList();
        return scripts.Count > 0 ? scripts : throw new InvalidOperationException($"No SQL scripts under {directory}");
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Aitbc.Orleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Aitbc.Orleans.sln not found above {AppContext.BaseDirectory}");
    }

    /// <summary>Starts a cluster (2 silos by default) whose clustering, storage and reminders live in this database.</summary>
    public Task<TestCluster> StartClusterAsync(
        Action<TestClusterBuilder>? configure = null,
        short silos = 2,
        string? clusterId = null,
        string? serviceId = null) =>
        Postgres.PostgresCluster.StartAsync(ConnectionString, configure, silos, clusterId, serviceId);

    public async ValueTask DisposeAsync()
    {
        if (!IsAvailable || Environment.GetEnvironmentVariable(KeepVariable) == "1")
        {
            return;
        }

        // Silos leave pooled connections behind; without this DROP DATABASE would refuse.
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_serverConnectionString);
        await admin.OpenAsync();
        List<string> names;
        lock (_created)
        {
            names = [.. _created];
        }

        foreach (var name in names)
        {
            await using var kick = new NpgsqlCommand(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid()", admin);
            kick.Parameters.AddWithValue("name", name);
            await kick.ExecuteNonQueryAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\"", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
