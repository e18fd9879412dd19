using System.Text.Json;
using Aitbc.Orleans.Miner.Daemon;
using Microsoft.Extensions.Configuration;

namespace Aitbc.Orleans.Miner.Cli;

/// <summary>
/// Configuration layers, lowest first: appsettings.json next to the binary, the --config file (the installer's
/// miner.json), AITBC_MINER_* environment variables, then flags. The coordinator setting decides the cluster mode:
/// "localhost" joins a development silo; an http(s) URL is the production cluster's HTTP gateway, from which the
/// daemon reads the silo gateways with its credential, and it then connects over TLS with its enrolment certificate.
/// A database connection string is refused: rigs never hold database credentials.
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
        var options = new MinerOptions();
        first.Bind(options);
        return builder.AddInMemoryCollection(ClusterSettings(options)).Build();
    }

    /// <summary>True for a production coordinator (an http or https URL).</summary>
    public static bool IsProduction(MinerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return !options.Coordinator.Equals("localhost", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The miner's API key from its enrolment answer (for the gateway list and model downloads), if enrolled.</summary>
    public static string? Credential(MinerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(options.EnrollmentPath))
        {
            return null;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(options.EnrollmentPath));
        return document.RootElement.TryGetProperty("credential", out var credential) ? credential.GetString() : null;
    }

    private static Dictionary<string, string?> ClusterSettings(MinerOptions options)
    {
        var cluster = new Dictionary<string, string?>();
        if (!IsProduction(options))
        {
            return cluster;
        }

        if (!Uri.TryCreate(options.Coordinator, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException(
                $"The coordinator must be 'localhost' or the cluster's gateway URL (http(s)://...), not '{Shorten(options.Coordinator)}'. " +
                "Database connection strings are not accepted: a rig never holds database credentials.");
        }

        cluster["Aitbc:Mode"] = "Production";
        cluster["Aitbc:Coordinator"] = url.ToString();
        cluster["Aitbc:CoordinatorCredential"] = Credential(options);
        cluster["Aitbc:SiloGateways"] = options.SiloGateways;
        cluster["Aitbc:Trust:CaCertificate"] = options.AuthorityPath;
        cluster["Aitbc:Trust:Certificate"] = options.CertificatePath;
        cluster["Aitbc:Trust:CertificateKey"] = options.KeyPath;
        if (string.IsNullOrWhiteSpace(options.GatewayUrl) || options.GatewayUrl == new MinerOptions().GatewayUrl)
        {
            cluster["GatewayUrl"] = url.ToString();
        }

        return cluster;
    }

    private static string Shorten(string text) => text.Length <= 24 ? text : text[..24] + "...";
}
