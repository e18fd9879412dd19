namespace Aitbc.Orleans.Cli;

/// <summary>
/// Where a command reads and writes, and the environment it sees: the process's own, or a test's. Results (one JSON
/// object) go to <see cref="Out"/>; progress, messages and errors to <see cref="Error"/>, redrawn in place only when it
/// is a terminal.
/// </summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error, TextReader In, bool ErrorIsTerminal, Func<string, string?> Environment)
{
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public static CliConsole System() => new(Console.Out, Console.Error, Console.In, !Console.IsErrorRedirected, global::System.Environment.GetEnvironmentVariable);
}
