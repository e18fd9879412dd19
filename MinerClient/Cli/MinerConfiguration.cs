using Microsoft.Extensions.Configuration;

namespace Aitbc.Orleans.Miner.Cli;

/// <summary>
/// Configuration layers, lowest first: appsettings.json next to the binary, the --config file (the installer's
/// miner.json), AITBC_MINER_* environment variables, then flags. The coordinator setting decides the cluster mode:
/// "localhost" joins a development silo; anything else is the PostgreSQL connection string of the gateway list.
/// </summary>
public static class MinerConfiguration
{
    public static IConfigurationRoot Build(string? configFile, IDictionary<string, string?> overrides)
    {
        var builder = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true);
        if (!string.IsNullOrWhiteSpace(configFile))
        {
            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }

        builder.AddEnvironmentVariables("AITBC_MINER_").AddInMemoryCollection(overrides);
        var first = builder.Build();
        var coordinator = first["Coordinator"] ?? "localhost";
        var cluster = new Dictionary<string, string?>();
        if (!coordinator.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            cluster["Aitbc:Mode"] = "Production";
            cluster["Aitbc:Postgres"] = coordinator;
        }

        return builder.AddInMemoryCollection(cluster).Build();
    }
}
