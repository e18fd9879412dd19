using System.Diagnostics;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// Runs `deploy/scripts/local-cluster.sh VERB` for one cluster directory on an existing build (never the shared
/// PostgreSQL: AITBC_POSTGRES_ADMIN is removed, so the script starts a private server), and reads the KEY=value lines it
/// prints and writes to cluster.env. Shared by the test fixtures and the benchmarks (linked into both).
/// </summary>
public static class LocalClusterScript
{
    public static async Task<(int Code, string Output)> RunAsync(
        string repositoryRoot, string directory, string verb, string configuration, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = repositoryRoot,
        };
        info.ArgumentList.Add(Path.Combine(repositoryRoot, "deploy", "scripts", "local-cluster.sh"));
        info.ArgumentList.Add(verb);
        info.Environment["AITBC_LOCAL_CLUSTER_DIR"] = directory;
        info.Environment["AITBC_NO_BUILD"] = "1";
        info.Environment["AITBC_CONFIGURATION"] = configuration;
        info.Environment.Remove("AITBC_POSTGRES_ADMIN");
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start bash");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"local-cluster.sh {verb} timed out\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, $"{await stdout}\n{await stderr}");
    }

    /// <summary>The KEY=value lines of the script's output or cluster.env (the last one of each key wins).</summary>
    public static Dictionary<string, string> Values(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && l.Contains('=', StringComparison.Ordinal) && char.IsUpper(l[0]))
            .Select(l => (Key: l[..l.IndexOf('=', StringComparison.Ordinal)], Value: l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim('"')))
            .GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
    }
}
