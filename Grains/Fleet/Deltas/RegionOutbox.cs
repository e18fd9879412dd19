namespace Aitbc.Orleans.Fleet.Deltas;

/// <summary>
/// One region's summaries waiting on this silo, coalesced by GPU (the latest wins), and the one send to that region
/// in flight at a time: batches from one silo reach a region in the order they were taken, so a release never arrives
/// before the reservation it ends. A failed send goes back into the outbox, under anything newer.
/// </summary>
internal sealed class RegionOutbox(string region)
{
    private readonly object _gate = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private Dictionary<string, PendingSummary> _pending = new(StringComparer.Ordinal);
    private Dictionary<string, PendingSummary> _spare = new(StringComparer.Ordinal);

    public string Region { get; } = region;

    /// <summary>Something is waiting and no send is in flight: the interval's send may start.</summary>
    public bool Due
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count > 0 && _sending.CurrentCount > 0;
            }
        }
    }

    /// <param name="changed">False for a lease renewal of an unchanged summary, which the region does not log.</param>
    public void Add(GpuRoutingSummary summary, bool changed)
    {
        lock (_gate)
        {
            _pending[summary.GpuId] = _pending.TryGetValue(summary.GpuId, out var queued)
                ? queued.Then(summary, changed)
                : new PendingSummary(summary, changed);
        }
    }

    /// <summary>Sends everything waiting as one message; returns how many summaries.</summary>
    public async Task<int> Send(IRegionGrain grain)
    {
        await _sending.WaitAsync();
        try
        {
            Dictionary<string, PendingSummary> taken;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    return 0;
                }

                // Two dictionaries take turns, so a steady stream of batches allocates only the message.
                taken = _pending;
                _pending = _spare;
                _spare = taken;
            }

            var changed = new List<GpuRoutingSummary>(taken.Count);
            var renewed = new List<GpuRoutingSummary>();
            foreach (var pending in taken.Values)
            {
                (pending.Changed ? changed : renewed).Add(pending.Latest);
            }

            try
            {
                await grain.UpsertMany(changed, renewed);
                taken.Clear();
                return changed.Count + renewed.Count;
            }
            catch
            {
                PutBack(taken);
                throw;
            }
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Drops what waits for the GPU and removes it from the region, after any send in flight.</summary>
    public async Task Remove(IRegionGrain grain, string gpuId)
    {
        lock (_gate)
        {
            _pending.Remove(gpuId);
        }

        await _sending.WaitAsync();
        try
        {
            await grain.Remove(gpuId);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>A batch the region may not have received: each GPU is sent again unless something newer waits.</summary>
    private void PutBack(Dictionary<string, PendingSummary> taken)
    {
        lock (_gate)
        {
            foreach (var (gpuId, lost) in taken)
            {
                _pending[gpuId] = _pending.TryGetValue(gpuId, out var newer) ? newer.Then(newer.Latest, lost.Changed) : lost;
            }

            taken.Clear();
        }
    }
}
