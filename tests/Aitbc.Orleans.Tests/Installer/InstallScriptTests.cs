using System.Runtime.Versioning;
using System.Text.Json;
using Xunit;

namespace Aitbc.Orleans.Tests.Installer;

[UnsupportedOSPlatform("windows")]
public sealed class InstallScriptTests : IDisposable
{
    private const UnixFileMode ConfigMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    private readonly InstallerSandbox _sandbox = new();

    public InstallScriptTests() => Assert.SkipWhen(OperatingSystem.IsWindows(), "The installer is a Linux shell script.");

    [Fact]
    public void Installs_binary_config_and_unit_into_the_root()
    {
        var (archive, sha) = _sandbox.CreateRelease();

        var result = _sandbox.Install(archive, sha,
            "--coordinator", "https://coordinator.example:8443", "--lat", "52.52", "--lon", "13.405",
            "--price-floor", "0.35", "--power-budget", "320", "--no-systemd");

        Assert.True(result.ExitCode == 0, result.ToString());

        var binary = _sandbox.InRoot("/opt/aitbc-miner/MinerClient");
        Assert.Equal(InstallerSandbox.FakeMinerClient, File.ReadAllText(binary));
        Assert.True((File.GetUnixFileMode(binary) & UnixFileMode.UserExecute) != 0, "MinerClient is not executable");
        Assert.True(File.Exists(_sandbox.InRoot("/opt/aitbc-miner/appsettings.json")));
        Assert.True(File.Exists(_sandbox.InRoot("/opt/aitbc-miner/runtimes/libonnxruntime.so")));

        var config = _sandbox.InRoot("/etc/aitbc-miner/miner.json");
        Assert.Equal(ConfigMode, File.GetUnixFileMode(config));
        using (var json = JsonDocument.Parse(File.ReadAllText(config)))
        {
            var root = json.RootElement;
            Assert.Equal("https://coordinator.example:8443", root.GetProperty("coordinator").GetString());
            Assert.Equal(52.52, root.GetProperty("location").GetProperty("latitude").GetDouble());
            Assert.Equal(13.405, root.GetProperty("location").GetProperty("longitude").GetDouble());
            Assert.Equal(0.35m, root.GetProperty("priceFloor").GetDecimal());
            Assert.Equal(320, root.GetProperty("powerBudgetW").GetInt32());
            Assert.Equal("/var/lib/aitbc-miner/identity.key", root.GetProperty("identityKeyPath").GetString());
        }

        var unit = File.ReadAllText(_sandbox.InRoot("/etc/systemd/system/aitbc-miner.service"));
        var lines = unit.Split('\n').Select(l => l.Trim()).ToList();
        Assert.Contains("ExecStart=/opt/aitbc-miner/MinerClient run --config /etc/aitbc-miner/miner.json", lines);
        Assert.Contains("Restart=always", lines);
        Assert.Contains("NoNewPrivileges=yes", lines);
        Assert.Contains("KillSignal=SIGTERM", lines);
        Assert.Contains("User=aitbc-miner", lines);
        Assert.Contains("ProtectSystem=strict", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("PrivateDevices=", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("MemoryDenyWriteExecute=", StringComparison.Ordinal));
        var stopTimeout = lines.Single(l => l.StartsWith("TimeoutStopSec=", StringComparison.Ordinal));
        Assert.True(int.Parse(stopTimeout["TimeoutStopSec=".Length..], System.Globalization.CultureInfo.InvariantCulture) >= 120, stopTimeout);

        Assert.True(Directory.Exists(_sandbox.InRoot("/var/lib/aitbc-miner")));
        Assert.Contains("would run: /opt/aitbc-miner/MinerClient enroll --config /etc/aitbc-miner/miner.json", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("systemctl enable", result.StandardOutput.Replace("start it with: systemctl enable", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("skipping system user", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Staged_install_with_systemd_prints_what_it_would_run()
    {
        var (archive, sha) = _sandbox.CreateRelease();

        var result = _sandbox.Install(archive, sha, "--coordinator", "https://c.example");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("would run: systemctl daemon-reload", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("would run: systemctl enable --now aitbc-miner.service", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Tampered_archive_is_refused_and_nothing_is_written()
    {
        var (archive, sha) = _sandbox.CreateRelease();
        using (var stream = File.OpenWrite(archive))
        {
            stream.Seek(0, SeekOrigin.End);
            stream.WriteByte(0x42);
        }

        var result = _sandbox.Install(archive, sha, "--coordinator", "https://c.example", "--no-systemd");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("SHA-256 mismatch", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_sandbox.Root), "the root was created although the archive failed verification");
    }

    [Fact]
    public void Uppercase_checksum_is_accepted()
    {
        var (archive, sha) = _sandbox.CreateRelease();

        var result = _sandbox.Install(archive, sha.ToUpperInvariant(), "--no-systemd");

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Theory]
    [InlineData("--lat", "91", "--lon", "0")]
    [InlineData("--lat", "45", "--lon", "east")]
    [InlineData("--lat", "45", "--lon", "-180.5")]
    [InlineData("--lat", "45", "--price-floor", "1")]
    [InlineData("--price-floor", "-1")]
    [InlineData("--price-floor", "1e3")]
    [InlineData("--price-floor", "0x10")]
    [InlineData("--power-budget", "0")]
    [InlineData("--power-budget", "12.5")]
    [InlineData("--power-budget", "300W")]
    [InlineData("--power-budget", "007")]
    [InlineData("--power-budget", "")]
    public void Bad_numeric_arguments_are_refused_and_nothing_is_written(params string[] arguments)
    {
        var (archive, sha) = _sandbox.CreateRelease();

        var result = _sandbox.Install(archive, sha, [.. arguments, "--no-systemd"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error:", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_sandbox.Root), result.ToString());
    }

    [Theory]
    [InlineData("not-a-sha")]
    [InlineData("abc123")]
    public void Malformed_checksum_is_refused(string sha)
    {
        var (archive, _) = _sandbox.CreateRelease();

        var result = _sandbox.Install(archive, sha, "--no-systemd");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("64 hexadecimal", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_checksum_is_refused()
    {
        var (archive, _) = _sandbox.CreateRelease();

        var result = _sandbox.Run("install.sh", archive, "--root", _sandbox.Root, "--no-systemd");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--sha256 is required", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_sandbox.Root));
    }

    [Fact]
    public void Release_wrapped_in_a_top_level_folder_is_unwrapped()
    {
        var (archive, sha) = _sandbox.CreateArchive("wrapped.tar.gz", new Dictionary<string, string>
        {
            ["aitbc-miner-1.2.0/"] = string.Empty,
            ["aitbc-miner-1.2.0/MinerClient"] = InstallerSandbox.FakeMinerClient,
        });

        var result = _sandbox.Install(archive, sha, "--no-systemd");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(_sandbox.InRoot("/opt/aitbc-miner/MinerClient")));
    }

    [Fact]
    public void Archive_without_the_binary_is_refused()
    {
        var (archive, sha) = _sandbox.CreateArchive("empty.tar.gz", new Dictionary<string, string> { ["README"] = "hello\n" });

        var result = _sandbox.Install(archive, sha, "--no-systemd");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("no MinerClient", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_sandbox.InRoot("/opt/aitbc-miner")));
        Assert.Empty(Directory.GetFileSystemEntries(_sandbox.InRoot("/opt")));
    }

    [Fact]
    public void Archive_escaping_the_install_directory_is_refused()
    {
        var (archive, sha) = _sandbox.CreateArchive("evil.tar.gz", new Dictionary<string, string>
        {
            ["MinerClient"] = InstallerSandbox.FakeMinerClient,
            ["../../etc/cron.d/evil"] = "* * * * * root true\n",
        });

        var result = _sandbox.Install(archive, sha, "--no-systemd");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("escape", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_sandbox.Root));
    }

    [Fact]
    public void A_database_connection_string_as_coordinator_is_refused_and_nothing_is_written()
    {
        var (archive, sha) = _sandbox.CreateRelease();
        const string connection = "Host=db;Username=miner;Password=secret;Database=aitbc";

        var result = _sandbox.Install(archive, sha, "--coordinator", connection, "--no-systemd");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("not a connection string", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_sandbox.Root));
    }

    [Fact]
    public void Upgrade_replaces_the_binary_and_keeps_the_config_when_no_settings_are_given()
    {
        var (first, firstSha) = _sandbox.CreateRelease("v1.tar.gz");
        Assert.Equal(0, _sandbox.Install(first, firstSha, "--coordinator", "https://c.example", "--power-budget", "250", "--no-systemd").ExitCode);
        var configBefore = File.ReadAllText(_sandbox.InRoot("/etc/aitbc-miner/miner.json"));
        var (second, secondSha) = _sandbox.CreateArchive("v2.tar.gz", new Dictionary<string, string> { ["MinerClient"] = "#!/bin/sh\necho v2\n" });

        var result = _sandbox.Install(second, secondSha, "--no-systemd");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("#!/bin/sh\necho v2\n", File.ReadAllText(_sandbox.InRoot("/opt/aitbc-miner/MinerClient")));
        Assert.False(File.Exists(_sandbox.InRoot("/opt/aitbc-miner/appsettings.json")), "files from the old release were left behind");
        Assert.Equal(configBefore, File.ReadAllText(_sandbox.InRoot("/etc/aitbc-miner/miner.json")));
        Assert.Contains("keeping existing configuration", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void A_city_is_written_for_the_miner_to_resolve_and_a_missing_location_is_called_out()
    {
        var (archive, sha) = _sandbox.CreateRelease();

        var withCity = _sandbox.Install(archive, sha, "--coordinator", "https://c.example", "--city", "Frankfurt", "--no-systemd");

        Assert.True(withCity.ExitCode == 0, withCity.ToString());
        using (var json = JsonDocument.Parse(File.ReadAllText(_sandbox.InRoot("/etc/aitbc-miner/miner.json"))))
        {
            Assert.Equal("Frankfurt", json.RootElement.GetProperty("city").GetString());
            Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("location").ValueKind);
        }

        var both = _sandbox.Install(archive, sha, "--lat", "50.1", "--lon", "8.6", "--city", "Frankfurt", "--no-systemd");
        Assert.NotEqual(0, both.ExitCode);
        Assert.Contains("not both", both.StandardError, StringComparison.Ordinal);

        var none = _sandbox.Install(archive, sha, "--coordinator", "https://c.example", "--no-systemd");
        Assert.True(none.ExitCode == 0, none.ToString());
        Assert.Contains("no location given: the miner will refuse to start", none.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void On_macos_it_installs_a_launchd_daemon_whose_plist_parses_and_runs_the_miner_with_a_drain_timeout()
    {
        var (archive, sha) = _sandbox.CreateRelease();

        var result = _sandbox.Install(archive, sha, "--service", "launchd", "--coordinator", "https://c.example", "--city", "Berlin");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(_sandbox.InRoot("/usr/local/aitbc-miner/MinerClient")));
        var plistPath = _sandbox.InRoot("/Library/LaunchDaemons/org.aitbc.miner.plist");
        using var reader = System.Xml.XmlReader.Create(plistPath, new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Ignore });
        var plist = System.Xml.Linq.XDocument.Load(reader);
        var dict = plist.Root!.Element("dict")!.Elements().ToList();
        string Value(string key) => dict[dict.FindIndex(e => e.Name == "key" && e.Value == key) + 1].Value;
        var arguments = dict[dict.FindIndex(e => e.Name == "key" && e.Value == "ProgramArguments") + 1].Elements("string").Select(e => e.Value);

        Assert.Equal("org.aitbc.miner", Value("Label"));
        Assert.Equal(["/usr/local/aitbc-miner/MinerClient", "run", "--config", "/usr/local/etc/aitbc-miner/miner.json"], arguments);
        Assert.Equal("_aitbc-miner", Value("UserName"));
        Assert.True(int.Parse(Value("ExitTimeOut"), System.Globalization.CultureInfo.InvariantCulture) >= 120);
        Assert.Contains("would run: launchctl bootstrap system /Library/LaunchDaemons/org.aitbc.miner.plist", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("would run: /usr/local/aitbc-miner/MinerClient enroll --config /usr/local/etc/aitbc-miner/miner.json", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("systemctl", result.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(_sandbox.InRoot("/etc/systemd/system/aitbc-miner.service")));
        var config = File.ReadAllText(_sandbox.InRoot("/usr/local/etc/aitbc-miner/miner.json"));
        Assert.Equal("/usr/local/var/aitbc-miner", JsonDocument.Parse(config).RootElement.GetProperty("stateDirectory").GetString());
        Assert.DoesNotContain("Password", config, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose() => _sandbox.Dispose();
}
