using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Aitbc.Orleans.Tests.Installer;

/// <summary>
/// deploy/miner/install.ps1 (the Windows service installer). Its syntax is checked with PowerShell's own parser where
/// pwsh is installed (it is not on the CI image: no apt package, and NuGet's PowerShell tool did not resolve there);
/// the ordering and content rules below hold whatever runs it.
/// </summary>
public sealed partial class PowerShellInstallerTests
{
    private static readonly string Script = File.ReadAllText(Path.Combine(InstallerSandbox.ScriptsDirectory, "install.ps1"));

    [Fact]
    public void The_archive_is_verified_before_anything_is_written()
    {
        var code = Script[Script.IndexOf("#>", StringComparison.Ordinal)..]; // past the help text
        var hash = code.IndexOf("Get-FileHash -Algorithm SHA256", StringComparison.Ordinal);
        var firstWrite = new[] { "New-Item", "Expand-Archive", "Set-Content", "Move-Item", "New-Service" }
            .Select(w => code.IndexOf(w, StringComparison.Ordinal)).Where(i => i >= 0).Min();

        Assert.True(hash > 0 && hash < firstWrite, "install.ps1 writes before it checks the archive's SHA-256");
        Assert.Contains("Refusing to install; nothing was written.", Script, StringComparison.Ordinal);
        Assert.Contains("would escape the install directory", Script, StringComparison.Ordinal);
    }

    [Fact]
    public void The_configuration_holds_no_database_credential_and_the_coordinator_must_be_a_url()
    {
        var start = Script.IndexOf("$settings = [ordered]@{", StringComparison.Ordinal);
        var table = Script[start..Script.IndexOf("\n    }\n", start, StringComparison.Ordinal)];
        var keys = SettingKeys().Matches(table).Select(m => m.Groups[1].Value);

        Assert.Equal(["coordinator", "location", "city", "priceFloor", "powerBudgetW", "identityKeyPath", "stateDirectory"], keys);
        Assert.DoesNotMatch(new Regex("Password|ConnectionString|Host=|Username=", RegexOptions.IgnoreCase), Script);
        Assert.Contains("not a connection string; nothing was written", Script, StringComparison.Ordinal);
        Assert.Contains("$env:AITBC_API_KEY", Script, StringComparison.Ordinal);
    }

    [Fact]
    public void Pwsh_parses_the_script_without_errors_when_it_is_installed()
    {
        var pwsh = Environment.GetEnvironmentVariable("AITBC_PWSH") ?? new[] { "/usr/bin/pwsh", "/usr/local/bin/pwsh", "/opt/microsoft/powershell/7/pwsh" }.FirstOrDefault(File.Exists);
        Assert.SkipWhen(pwsh is null, "pwsh is not installed.");
        var path = Path.Combine(InstallerSandbox.ScriptsDirectory, "install.ps1");
        var startInfo = new ProcessStartInfo(pwsh!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-NoProfile", "-NonInteractive", "-Command",
                     $"$errors = $null; [void][System.Management.Automation.Language.Parser]::ParseFile('{path}', [ref]$null, [ref]$errors); $errors | ForEach-Object {{ $_.ToString() }}; exit $errors.Count" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.True(process.ExitCode == 0, output);
    }

    // The "        name = ..." lines of the settings table.
    [GeneratedRegex(@"^ {8}(\w+) = ", RegexOptions.Multiline)]
    private static partial Regex SettingKeys();
}
