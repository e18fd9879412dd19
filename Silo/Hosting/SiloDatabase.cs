using Npgsql;

namespace Aitbc.Orleans.Silo.Hosting;

/// <summary>
/// The silos' PostgreSQL: the connection string from Aitbc:Postgres, ConnectionStrings:Postgres or AITBC_POSTGRES.
/// Only silos read it; gateways and miners find the silos without it.
/// </summary>
public static class SiloDatabase
{
    public const string NpgsqlInvariant = "Npgsql";

    /// <summary>
    /// Connections per silo when the connection string does not say (Npgsql's own default is 100, PostgreSQL's
    /// max_connections is 100 by default): several silos under a registering fleet queue for connections instead of
    /// exhausting the server (SQLSTATE 53300).
    /// </summary>
    public const int DefaultMaxPoolSize = 20;

    private static readonly string[] PoolSizeKeywords = ["Maximum Pool Size", "MaxPoolSize"];
    private static readonly string[] ResetKeywords = ["No Reset On Close", "NoResetOnClose"];
    private static readonly string[] AutoPrepareKeywords = ["Max Auto Prepare", "MaxAutoPrepare"];

    /// <summary>
    /// Statements each connection prepares once it has seen them <c>Auto Prepare Min Usages</c> times, when the
    /// connection string does not say (Npgsql's default is 0: none). The storage, membership and reminder providers run
    /// a handful of fixed statements, so every connection keeps all of them prepared and PostgreSQL stops parsing and
    /// planning each one per call.
    /// </summary>
    public const int DefaultMaxAutoPrepare = 32;

    public static string ConnectionString(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connection = configuration["Aitbc:Postgres"] ?? configuration.GetConnectionString("Postgres")
            ?? Environment.GetEnvironmentVariable("AITBC_POSTGRES");
        return string.IsNullOrWhiteSpace(connection)
            ? throw new InvalidOperationException(
                "A production silo needs a PostgreSQL connection string: set Aitbc:Postgres, ConnectionStrings:Postgres or AITBC_POSTGRES")
            : WithAutoPrepare(WithoutResetOnClose(WithPoolSize(connection)));
    }

    /// <summary>
    /// The connection string with No Reset On Close unless it says otherwise. The silos' storage keeps no session state
    /// (no temporary tables, settings or cursors across calls), so a connection going back to the pool needs no
    /// DISCARD ALL: that was half the statements the database ran per job (11.7 of 23.4), and it threw away the
    /// session's cached plans of the storage functions every time.
    /// </summary>
    public static string WithoutResetOnClose(string connectionString) =>
        WithDefault(connectionString, ResetKeywords, b => b.NoResetOnClose = true);

    /// <summary>The connection string with Maximum Pool Size set to <see cref="DefaultMaxPoolSize"/> unless it sets one itself.</summary>
    public static string WithPoolSize(string connectionString) =>
        WithDefault(connectionString, PoolSizeKeywords, b => b.MaxPoolSize = DefaultMaxPoolSize);

    /// <summary>The connection string with Max Auto Prepare set to <see cref="DefaultMaxAutoPrepare"/> unless it sets one itself.</summary>
    public static string WithAutoPrepare(string connectionString) =>
        WithDefault(connectionString, AutoPrepareKeywords, b => b.MaxAutoPrepare = DefaultMaxAutoPrepare);

    private static string WithDefault(string connectionString, string[] keywords, Action<NpgsqlConnectionStringBuilder> setDefault)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        // Npgsql's builder answers ContainsKey for every keyword it knows; the plain builder says what the string sets.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (keywords.Any(given.ContainsKey))
        {
            return connectionString;
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        setDefault(builder);
        return builder.ConnectionString;
    }
}
