namespace Aitbc.Orleans.Miner.Detection;

public sealed record ProcessResult(ProcessOutcome Outcome, int ExitCode, string StandardOutput)
{
    public static ProcessResult NotFound { get; } = new(ProcessOutcome.NotFound, -1, string.Empty);

    public static ProcessResult Success(string standardOutput) => new(ProcessOutcome.Exited, 0, standardOutput);

    public bool Succeeded => Outcome == ProcessOutcome.Exited && ExitCode == 0;
}
