using System.Text.RegularExpressions;
using Aitbc.Orleans.Miner.Cli;
using Microsoft.Extensions.Configuration;
using Aitbc.Orleans.Tests.Fixtures;
using Aitbc.Orleans.Tests.Installer;

namespace Aitbc.Orleans.Tests.Trust;

/// <summary>
/// Acceptance 3: a miner process never holds a database credential. The installer's configuration and every settings
/// file the miner ships hold no connection string, the daemon refuses one as its coordinator, and its build output
/// does not even carry a PostgreSQL driver.
/// </summary>
public sealed partial class NoDatabaseCredentialTests : IDisposable
{
    private readonly InstallerSandbox _sandbox = new();

    /// <summary>What a PostgreSQL connection string looks like, in Npgsql's form or libpq's URL form.</summary>
    [GeneratedRegex(@"(Host|Server|Username|User Id|Password|Database)\s*=|postgres(ql)?://|AITBC_POSTGRES|Aitbc:Postgres", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionString();

    [Fact]
    public void The_installers_configuration_holds_no_connection_string()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "The installer is a Linux shell script.");
        var (archive, sha) = _sandbox.CreateRelease();
        var result = _sandbox.Install(archive, sha, "--coordinator", "https://gateway.example:8443", "--lat", "52.52", "--lon", "13.40", "--no-systemd");
        Assert.True(result.ExitCode == 0, result.ToString());

        var config = File.ReadAllText(_sandbox.InRoot("/etc/aitbc-miner/miner.json"));
        Assert.DoesNotMatch(ConnectionString(), config);
        Assert.Contains("https://gateway.example:8443", config, StringComparison.Ordinal);
        var unit = File.ReadAllText(_sandbox.InRoot("/etc/systemd/system/aitbc-miner.service"));
        Assert.DoesNotMatch(ConnectionString(), unit);
    }

    [Fact]
    public void The_miners_settings_hold_no_connection_string_and_refuse_one()
    {
        var root = ChildProcess.RepositoryRoot();
        var shipped = new[]
        {
            Path.Combine(root, "MinerClient", "appsettings.json"),
            Path.Combine(Path.GetDirectoryName(ChildProcess.BinaryOf("MinerClient"))!, "appsettings.json"),
        };
        foreach (var file in shipped)
        {
            Assert.DoesNotMatch(ConnectionString(), File.ReadAllText(file));
        }

        // The settings the daemon runs with, for a production coordinator: every value, not a connection string among them.
        var state = Directory.CreateTempSubdirectory("aitbc-no-db-").FullName;
        var settings = MinerConfiguration.Build(null, new Dictionary<string, string?>
        {
            ["Coordinator"] = "https://gateway.example:8443",
            ["StateDirectory"] = state,
        });
        Assert.All(ConfigurationExtensions.AsEnumerable(settings).Where(kv => kv.Value is not null), kv => Assert.DoesNotMatch(ConnectionString(), $"{kv.Key}={kv.Value}"));
        Assert.Equal("Production", settings["Aitbc:Mode"]);

        var refused = Assert.Throws<InvalidOperationException>(() => MinerConfiguration.Build(null, new Dictionary<string, string?>
        {
            ["Coordinator"] = "Host=db;Username=aitbc;Password=aitbc;Database=aitbc",
        }));
        Assert.Contains("never holds database credentials", refused.Message, StringComparison.Ordinal);
        Directory.Delete(state, recursive: true);
    }

    [Fact]
    public void The_miner_build_carries_no_postgresql_driver()
    {
        var output = Path.GetDirectoryName(ChildProcess.BinaryOf("MinerClient"))!;
        Assert.False(File.Exists(Path.Combine(output, "Npgsql.dll")), $"{output} holds Npgsql.dll");
        Assert.DoesNotContain("Npgsql", File.ReadAllText(Path.Combine(output, "MinerClient.deps.json")), StringComparison.Ordinal);
        Assert.DoesNotContain("Clustering.AdoNet", File.ReadAllText(Path.Combine(output, "MinerClient.deps.json")), StringComparison.Ordinal);
    }

    public void Dispose() => _sandbox.Dispose();
}
