namespace Aitbc.Orleans.Hosting;

/// <summary>
/// Coalesces the state writes of a reentrant grain: a caller changes the state, then awaits <see cref="Commit"/>, which
/// completes after a write that started after the change. Changes made while a write is running share the next write,
/// so a grain under load writes once per batch rather than once per call. A failed write fails every caller waiting
/// on it and those queued behind it, and reports the failure (the grain deactivates: memory is ahead of storage). From
/// then on every commit and every wait for durability fails with it: a call that still reaches the dying activation must
/// neither store nor show the change whose callers were told it failed.
/// Runs on the grain's scheduler, so it needs no locks.
/// </summary>
public sealed class GroupCommit(Func<Task> write, Action<Exception> onFailure)
{
    private TaskCompletionSource? _next;
    private TaskCompletionSource? _current;
    private bool _writing;
    private Task? _failed;

    /// <summary>Completes once a write that started after this call has succeeded.</summary>
    public Task Commit()
    {
        if (_failed is not null)
        {
            return _failed;
        }

        _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batch = _next.Task;
        if (!_writing)
        {
            _ = WriteLoop();
        }

        return batch;
    }

    /// <summary>Completes once every change made so far is written (at once when nothing is pending), without asking for a write.</summary>
    public Task Durable() => _failed ?? _next?.Task ?? _current?.Task ?? Task.CompletedTask;

    private async Task WriteLoop()
    {
        _writing = true;
        try
        {
            while (_next is { } batch)
            {
                _next = null;
                _current = batch;
                try
                {
                    await write();
                    _current = null;
                    batch.SetResult();
                }
                catch (Exception ex)
                {
                    _current = null;
                    _failed = batch.Task;
                    batch.SetException(ex);
                    if (_next is { } queued)
                    {
                        _next = null;
                        queued.SetException(ex);
                    }

                    onFailure(ex);
                    return;
                }
            }
        }
        finally
        {
            _writing = false;
        }
    }
}
