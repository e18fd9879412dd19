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

    public static string ConnectionString(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connection = configuration["Aitbc:Postgres"] ?? configuration.GetConnectionString("Postgres")
            ?? Environment.GetEnvironmentVariable("AITBC_POSTGRES");
        return string.IsNullOrWhiteSpace(connection)
            ? throw new InvalidOperationException(
                "A production silo needs a PostgreSQL connection string: set Aitbc:Postgres, ConnectionStrings:Postgres or AITBC_POSTGRES")
            : WithPoolSize(connection);
    }

    /// <summary>The connection string with Maximum Pool Size set to <see cref="DefaultMaxPoolSize"/> unless it sets one itself.</summary>
    public static string WithPoolSize(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        // Npgsql's builder answers ContainsKey for every keyword it knows; the plain builder says what the string sets.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (PoolSizeKeywords.Any(given.ContainsKey))
        {
            return connectionString;
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = DefaultMaxPoolSize }.ConnectionString;
    }
}
