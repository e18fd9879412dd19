using System.Diagnostics;

namespace Aitbc.Orleans.Benchmarks.Reporting;

/// <summary>The commit the figures belong to, and whether the tree had uncommitted changes.</summary>
public static class GitInfo
{
    public static string Describe(string repoRoot)
    {
        var commit = Git(repoRoot, "rev-parse HEAD");
        if (commit is null)
        {
            return "unknown (git not available)";
        }

        var branch = Git(repoRoot, "rev-parse --abbrev-ref HEAD");
        var dirty = Git(repoRoot, "status --porcelain --untracked-files=no");
        return $"{commit}{(string.IsNullOrEmpty(dirty) ? "" : " (with uncommitted changes)")}{(branch is null ? "" : $" on {branch}")}";
    }

    private static string? Git(string dir, string args)
    {
        try
        {
            var psi = new ProcessStartInfo("git", args)
            {
                WorkingDirectory = dir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(psi);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
