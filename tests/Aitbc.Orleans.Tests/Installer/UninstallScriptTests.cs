using System.Runtime.Versioning;
using Xunit;

namespace Aitbc.Orleans.Tests.Installer;

[UnsupportedOSPlatform("windows")]
public sealed class UninstallScriptTests : IDisposable
{
    private readonly InstallerSandbox _sandbox = new();

    public UninstallScriptTests() => Assert.SkipWhen(OperatingSystem.IsWindows(), "The installer is a Linux shell script.");

    [Fact]
    public void Uninstall_removes_the_install_but_keeps_the_identity_key()
    {
        InstallWithIdentity();

        var result = _sandbox.Run("uninstall.sh", "--root", _sandbox.Root, "--no-systemd");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(Directory.Exists(_sandbox.InRoot("/opt/aitbc-miner")));
        Assert.False(File.Exists(_sandbox.InRoot("/etc/aitbc-miner/miner.json")));
        Assert.False(File.Exists(_sandbox.InRoot("/etc/systemd/system/aitbc-miner.service")));
        Assert.Equal("secret", File.ReadAllText(_sandbox.InRoot("/var/lib/aitbc-miner/identity.key")));
        Assert.DoesNotContain("systemctl", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Purge_removes_the_identity_key_and_directories_too()
    {
        InstallWithIdentity();

        var result = _sandbox.Run("uninstall.sh", "--root", _sandbox.Root, "--purge");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(Directory.Exists(_sandbox.InRoot("/var/lib/aitbc-miner")));
        Assert.False(Directory.Exists(_sandbox.InRoot("/etc/aitbc-miner")));
        Assert.False(Directory.Exists(_sandbox.InRoot("/opt/aitbc-miner")));
        Assert.Contains("would run: systemctl disable --now aitbc-miner.service", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("would run: userdel aitbc-miner", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Uninstalling_twice_is_harmless()
    {
        InstallWithIdentity();

        Assert.Equal(0, _sandbox.Run("uninstall.sh", "--root", _sandbox.Root, "--no-systemd").ExitCode);
        var again = _sandbox.Run("uninstall.sh", "--root", _sandbox.Root, "--no-systemd");

        Assert.True(again.ExitCode == 0, again.ToString());
    }

    [Fact]
    public void Unknown_argument_is_refused()
    {
        var result = _sandbox.Run("uninstall.sh", "--root", _sandbox.Root, "--everything");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("unknown argument", result.StandardError, StringComparison.Ordinal);
    }

    private void InstallWithIdentity()
    {
        var (archive, sha) = _sandbox.CreateRelease();
        var install = _sandbox.Install(archive, sha, "--coordinator", "https://c.example", "--no-systemd");
        Assert.True(install.ExitCode == 0, install.ToString());
        // Stands in for what `MinerClient enroll` writes on a real machine.
        File.WriteAllText(_sandbox.InRoot("/var/lib/aitbc-miner/identity.key"), "secret");
    }

    public void Dispose() => _sandbox.Dispose();
}
