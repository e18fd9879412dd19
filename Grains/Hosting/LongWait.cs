namespace Aitbc.Orleans.Hosting;

/// <summary>
/// A grain's long wait inside a call (a long poll, a caller waiting for a job to change): up to a time, or until the
/// silo stops. A stopping silo deactivates its grains only once their calls have ended, so a wait left to run held a
/// graceful stop (a rolling restart) for its whole length; answered at once instead, the caller asks again and reaches
/// the grain's next activation.
/// </summary>
public static class LongWait
{
    /// <summary>True when <paramref name="signal"/> completed; false when the time ran out or the silo began to stop.</summary>
    public static async Task<bool> For(Task signal, TimeSpan timeout, CancellationToken siloStopping)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (signal.IsCompleted)
        {
            return true;
        }

        // Not WaitAsync: a wait that runs out is the common case at idle, and this ends it without an exception.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(siloStopping);
        var timer = Task.Delay(timeout, ended.Token);
        if (await Task.WhenAny(signal, timer) == signal)
        {
            ended.Cancel();
            return true;
        }

        return false;
    }
}
