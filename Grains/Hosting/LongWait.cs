namespace Aitbc.Orleans.Hosting;

/// <summary>
/// A grain's long wait inside a call (a long poll, a caller waiting for a job to change): up to a time, or until the
/// silo stops. A stopping silo deactivates its grains only once their calls have ended, so a wait left to run held a
/// graceful stop (a rolling restart) for its whole length. Waits under way when the silo begins to stop end at once,
/// and the caller asks again; a wait that starts while the silo stops lasts at most <see cref="WhileStopping"/>, so a
/// caller that asks again at once does not spin on a grain that answers at once (its next activation may be placed on
/// the same silo until the cluster sees the silo leave), and the stop is held no longer than that.
/// </summary>
public static class LongWait
{
    /// <summary>The longest a wait that starts on a stopping silo lasts.</summary>
    public static readonly TimeSpan WhileStopping = TimeSpan.FromMilliseconds(250);

    /// <summary>Completes when <paramref name="signal"/> does, the time runs out or the silo begins to stop.</summary>
    public static async Task For(Task signal, TimeSpan timeout, CancellationToken siloStopping)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (signal.IsCompleted)
        {
            return;
        }

        if (siloStopping.IsCancellationRequested)
        {
            timeout = timeout < WhileStopping ? timeout : WhileStopping;
            siloStopping = CancellationToken.None;
        }

        // Not WaitAsync: a wait that runs out is the common case at idle, and this ends it without an exception.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(siloStopping);
        var timer = Task.Delay(timeout, ended.Token);
        if (await Task.WhenAny(signal, timer) == signal)
        {
            ended.Cancel();
        }
    }
}
