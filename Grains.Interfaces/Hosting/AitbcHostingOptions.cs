using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Aitbc.Orleans.Hosting;

/// <summary>
/// Hosting choices shared by silo, gateway and miner processes. Read from configuration:
/// Aitbc:Mode (Development|Production), the PostgreSQL connection string from Aitbc:Postgres, ConnectionStrings:Postgres
/// or the AITBC_POSTGRES environment variable, and Orleans:ClusterId / Orleans:ServiceId.
/// </summary>
public sealed record AitbcHostingOptions(HostingMode Mode, string? PostgresConnectionString, string ClusterId, string ServiceId)
{
    public const string NpgsqlInvariant = "Npgsql";

    /// <summary>
    /// Connections per process when the connection string does not say (Npgsql's own default is 100, PostgreSQL's
    /// max_connections is 100 by default): a silo, a gateway and a miner each open at most this many, so a fleet
    /// registering at once queues for connections instead of exhausting the server (SQLSTATE 53300).
    /// </summary>
    public const int DefaultMaxPoolSize = 20;

    private static readonly string[] PoolSizeKeywords = ["Maximum Pool Size", "MaxPoolSize"];

    public static AitbcHostingOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var modeText = configuration["Aitbc:Mode"];
        var mode = HostingMode.Development;
        if (!string.IsNullOrWhiteSpace(modeText) && !Enum.TryParse(modeText, ignoreCase: true, out mode))
        {
            throw new InvalidOperationException($"Aitbc:Mode must be Development or Production, not '{modeText}'");
        }

        var connection = configuration["Aitbc:Postgres"] ?? configuration.GetConnectionString("Postgres")
            ?? Environment.GetEnvironmentVariable("AITBC_POSTGRES");
        if (mode == HostingMode.Production && string.IsNullOrWhiteSpace(connection))
        {
            throw new InvalidOperationException(
                "Production mode needs a PostgreSQL connection string: set Aitbc:Postgres, ConnectionStrings:Postgres or AITBC_POSTGRES");
        }

        return new AitbcHostingOptions(
            mode, WithPoolSize(connection), configuration["Orleans:ClusterId"] ?? "aitbc", configuration["Orleans:ServiceId"] ?? "aitbc");
    }

    /// <summary>The connection string with Maximum Pool Size set to <see cref="DefaultMaxPoolSize"/> unless it sets one itself.</summary>
    public static string? WithPoolSize(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }

        // Npgsql's builder answers ContainsKey for every keyword it knows; the plain builder says what the string sets.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (PoolSizeKeywords.Any(given.ContainsKey))
        {
            return connectionString;
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = DefaultMaxPoolSize }.ConnectionString;
    }
}
