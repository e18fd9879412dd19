namespace Aitbc.Orleans.Silo.Hosting;

/// <summary>
/// The silos' PostgreSQL: the connection string from Aitbc:Postgres, ConnectionStrings:Postgres or AITBC_POSTGRES.
/// Only silos read it; gateways and miners find the silos without it.
/// </summary>
public static class SiloDatabase
{
    public const string NpgsqlInvariant = "Npgsql";

    public static string ConnectionString(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connection = configuration["Aitbc:Postgres"] ?? configuration.GetConnectionString("Postgres")
            ?? Environment.GetEnvironmentVariable("AITBC_POSTGRES");
        return string.IsNullOrWhiteSpace(connection)
            ? throw new InvalidOperationException(
                "A production silo needs a PostgreSQL connection string: set Aitbc:Postgres, ConnectionStrings:Postgres or AITBC_POSTGRES")
            : connection;
    }
}
