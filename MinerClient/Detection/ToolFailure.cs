namespace Aitbc.Orleans.Miner.Detection;

/// <summary>Human-readable reasons a tool run gave nothing usable.</summary>
internal static class ToolFailure
{
    public static string Describe(string tool, ProcessResult result) => result.Outcome switch
    {
        ProcessOutcome.NotFound => $"{tool} not found",
        ProcessOutcome.TimedOut => $"{tool} timed out",
        ProcessOutcome.FailedToStart => $"{tool} could not be started",
        _ => $"{tool} exited with code {result.ExitCode}",
    };
}
