using System.Diagnostics;
using Xunit;

namespace Aitbc.Orleans.Tests.Installer;

public sealed class ShellcheckTests
{
    [Fact]
    public void Installer_scripts_pass_shellcheck_when_it_is_available()
    {
        Assert.SkipUnless(File.Exists("/usr/bin/shellcheck"), "shellcheck is not installed.");
        var startInfo = new ProcessStartInfo("/usr/bin/shellcheck")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(Path.Combine(InstallerSandbox.ScriptsDirectory, "install.sh"));
        startInfo.ArgumentList.Add(Path.Combine(InstallerSandbox.ScriptsDirectory, "uninstall.sh"));
        startInfo.ArgumentList.Add(Path.Combine(InstallerSandbox.ScriptsDirectory, "package.sh"));

        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.True(process.ExitCode == 0, output);
    }
}
