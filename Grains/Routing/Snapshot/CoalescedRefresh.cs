namespace Aitbc.Orleans.Routing.Snapshot;

/// <summary>
/// Refreshes of one region, coalesced: a request joins a refresh that has not started yet (so it still sees every
/// write made before the request), and refreshes start at most once per spacing, so a burst of "no capacity"
/// decisions costs the region one call per spacing per silo, not one each.
/// </summary>
internal sealed class CoalescedRefresh(Func<Task> pull, TimeSpan spacing)
{
    private readonly object _gate = new();
    private Task? _pending;
    private long _lastStartMs = long.MinValue / 2;

    public Task Request()
    {
        lock (_gate)
        {
            return _pending ??= Task.Run(StartAfterSpacing);
        }
    }

    private async Task StartAfterSpacing()
    {
        long wait;
        lock (_gate)
        {
            wait = _lastStartMs + (long)spacing.TotalMilliseconds - Environment.TickCount64;
        }

        if (wait > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(wait));
        }

        lock (_gate)
        {
            // From here on a new request starts another refresh: this one may already have read the region.
            _pending = null;
            _lastStartMs = Environment.TickCount64;
        }

        await pull();
    }
}
