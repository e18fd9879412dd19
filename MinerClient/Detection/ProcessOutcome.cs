namespace Aitbc.Orleans.Miner.Detection;

public enum ProcessOutcome
{
    /// <summary>The process ran and exited on its own; see the exit code.</summary>
    Exited,

    /// <summary>No such executable on PATH (or the path given does not exist).</summary>
    NotFound,

    /// <summary>Killed after the timeout; the output captured so far is kept (tegrastats never exits by itself).</summary>
    TimedOut,

    /// <summary>It could not be started for another reason, e.g. permission denied.</summary>
    FailedToStart,
}
