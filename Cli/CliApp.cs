using System.CommandLine;
using Aitbc.Orleans.Cli.Commands;

namespace Aitbc.Orleans.Cli;

/// <summary>
/// The aitbc command line. Results are one JSON object on standard output; progress and errors go to standard error.
/// Tests run it in-process with their own <see cref="CliConsole"/>.
/// </summary>
public static class CliApp
{
    public static Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(console);
        var context = new CliContext(console);
        var root = new RootCommand("AITBC: price, submit and watch inference jobs, manage models, and run private (encrypted) inference")
        {
            context.Api,
            context.Key,
        };
        foreach (var command in JobCommands.Create(context))
        {
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(ModelCommands.Create(context));
        root.Subcommands.Add(PrivateCommands.Create(context));
        root.Subcommands.Add(BookingCommands.Create(context));
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error }, cancellationToken);
    }
}
