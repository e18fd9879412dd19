namespace Aitbc.Orleans.Benchmarks.Harness.OpenLoop;

/// <summary>
/// One open-loop run: operations are issued at <see cref="Rate"/> per second on a fixed schedule, whether or not earlier
/// ones have finished, and each latency is timed from its intended start. <see cref="MaxOutstanding"/> bounds memory
/// when the system falls behind; an operation held back by it still counts from its intended start, so the queueing
/// shows up in the latency instead of disappearing (no coordinated omission).
/// </summary>
public sealed record OpenLoopOptions(double Rate, TimeSpan Duration)
{
    /// <summary>Issued (and recorded nowhere) before the measured window, at the same rate.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.Zero;

    public int MaxOutstanding { get; init; } = 10_000;

    /// <summary>Exponential inter-arrival times (a Poisson process) instead of an even spacing.</summary>
    public bool Poisson { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>How long to wait for the last operations after the schedule ends; what is still running then counts as lost.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Width of the completion-rate timeline (for "the last minute against the first").</summary>
    public TimeSpan Bucket { get; init; } = TimeSpan.FromSeconds(1);
}
