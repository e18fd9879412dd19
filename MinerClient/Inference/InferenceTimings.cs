namespace Aitbc.Orleans.Miner.Inference;

/// <summary>Where a run's time went: waiting for a device slot, creating the session (zero when cached), running.</summary>
public sealed record InferenceTimings(TimeSpan QueueWait, TimeSpan ModelLoad, TimeSpan Inference)
{
    public TimeSpan Total => QueueWait + ModelLoad + Inference;

    public override string ToString() =>
        $"queue {QueueWait.TotalMilliseconds:F2} ms, load {ModelLoad.TotalMilliseconds:F2} ms, inference {Inference.TotalMilliseconds:F2} ms";
}
