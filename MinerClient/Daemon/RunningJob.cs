using Aitbc.Orleans.Dispatch;

namespace Aitbc.Orleans.Miner.Daemon;

/// <summary>
/// One attempt this miner is running, and what may stop it: the cluster's cancel, the assignment's deadline (on the
/// runner's clock), the local thermal guard, or the daemon shutting down. All of them cancel <see cref="Token"/>, which reaches the ONNX Runtime
/// run (RunOptions.Terminate) as well as the model fetch and the wait for a device slot. The deadline is an instant on
/// the cluster's clock; one already past on arrival (the assignment is pushed the moment it is made) means the clocks
/// disagree, so it is not enforced here: the cluster's own execution timer still ends that attempt.
/// </summary>
internal sealed class RunningJob : IDisposable
{
    private static readonly TimeSpan MaxTimer = TimeSpan.FromDays(24);

    private readonly CancellationTokenSource _cluster = new();
    private readonly CancellationTokenSource _heat = new();
    private readonly CancellationTokenSource _deadline;
    private readonly CancellationTokenSource _any;

    public RunningJob(JobAssignment assignment, TimeProvider time, CancellationToken shutdown)
    {
        Assignment = assignment;
        var remaining = assignment.Deadline - time.GetUtcNow();
        DeadlineUnusable = remaining <= TimeSpan.Zero || remaining > MaxTimer;
        _deadline = new CancellationTokenSource(DeadlineUnusable ? Timeout.InfiniteTimeSpan : remaining, time);
        _any = CancellationTokenSource.CreateLinkedTokenSource(shutdown, _cluster.Token, _deadline.Token, _heat.Token);
    }

    public JobAssignment Assignment { get; }

    /// <summary>The deadline was already past (clock skew) or beyond what a timer holds, so only the cluster enforces it.</summary>
    public bool DeadlineUnusable { get; }

    public Task Task { get; set; } = Task.CompletedTask;

    public CancellationToken Token => _any.Token;

    public bool CancelledByCluster => _cluster.IsCancellationRequested;

    public bool DeadlinePassed => _deadline.IsCancellationRequested;

    /// <summary>The device reached its emergency band on the rig's own sensor.</summary>
    public bool StoppedForHeat => _heat.IsCancellationRequested;

    public void CancelByCluster() => Cancel(_cluster);

    public void StopForHeat() => Cancel(_heat);

    private static void Cancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The attempt finished while the cancel was on its way: nothing left to stop.
        }
    }

    public void Dispose()
    {
        _any.Dispose();
        _deadline.Dispose();
        _heat.Dispose();
        _cluster.Dispose();
    }
}
