using System.ComponentModel;
using System.Diagnostics;

namespace Aitbc.Orleans.Miner.Detection;

/// <summary>
/// Runs tools with <see cref="Process"/>. A missing executable is reported as <see cref="ProcessOutcome.NotFound"/>,
/// never thrown. Tools are found on the process's PATH, or on <paramref name="searchPath"/> when one is given (a
/// PATH-style list, for a daemon hosted in a process whose own PATH must not change).
/// </summary>
public sealed class SystemProcessRunner(string? searchPath = null) : IProcessRunner
{
    // errno values Process.Start surfaces when the file is absent (ENOENT) or a path component is not a directory (ENOTDIR).
    private const int NoSuchFile = 2;
    private const int NotADirectory = 20;

    public async Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        if (searchPath is not null && Path.GetFileName(fileName) == fileName)
        {
            var found = searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(dir => Path.Combine(dir, fileName)).FirstOrDefault(File.Exists);
            if (found is null)
            {
                return ProcessResult.NotFound;
            }

            fileName = found;
        }

        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Parsers expect "." decimals and English field names whatever the owner's locale is.
        startInfo.Environment["LC_ALL"] = "C";

        using var process = new Process { StartInfo = startInfo };
        try
        {
            if (!process.Start())
            {
                return new ProcessResult(ProcessOutcome.FailedToStart, -1, string.Empty);
            }
        }
        catch (Win32Exception ex)
        {
            var outcome = ex.NativeErrorCode is NoSuchFile or NotADirectory ? ProcessOutcome.NotFound : ProcessOutcome.FailedToStart;
            return new ProcessResult(outcome, -1, string.Empty);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        // stderr is drained so a chatty tool cannot block on a full pipe; its content is not needed.
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            KillQuietly(process);
            cancellationToken.ThrowIfCancellationRequested();
            timedOut = true;
        }

        var output = await stdout;
        await stderr;
        return timedOut
            ? new ProcessResult(ProcessOutcome.TimedOut, -1, output)
            : new ProcessResult(ProcessOutcome.Exited, process.ExitCode, output);
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(5));
        }
        catch (InvalidOperationException)
        {
            // It exited between the timeout and the kill.
        }
        catch (Win32Exception)
        {
            // Not ours to kill any more; the pipes still close when it ends.
        }
    }
}
