using Microsoft.Extensions.Configuration;

namespace Aitbc.Orleans.Hosting;

/// <summary>
/// Hosting choices shared by silo, gateway and miner processes. Read from configuration:
/// Aitbc:Mode (Development|Production), the PostgreSQL connection string from Aitbc:Postgres, ConnectionStrings:Postgres
/// or the AITBC_POSTGRES environment variable, and Orleans:ClusterId / Orleans:ServiceId.
/// </summary>
public sealed record AitbcHostingOptions(HostingMode Mode, string? PostgresConnectionString, string ClusterId, string ServiceId)
{
    public const string NpgsqlInvariant = "Npgsql";

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
            mode, connection, configuration["Orleans:ClusterId"] ?? "aitbc", configuration["Orleans:ServiceId"] ?? "aitbc");
    }
}
