namespace Aitbc.Orleans.Miner.Detection;

/// <summary>Runs a command-line tool. Implementations never throw for a missing or failing tool; they report it in the result.</summary>
public interface IProcessRunner
{
    Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken = default);
}
