using System.Diagnostics;

namespace Aitbc.Orleans.Fleet.Deltas;

/// <summary>
/// One region's summaries waiting on this silo, coalesced by GPU (the latest wins), and the one send to that region
/// in flight at a time: batches from one silo reach a region in the order they were taken, so a release never arrives
/// before the reservation it ends. A failed send goes back into the outbox, under anything newer.
/// </summary>
public sealed class RegionOutbox(string region)
{
    private readonly object _gate = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private Dictionary<string, PendingSummary> _pending = new(StringComparer.Ordinal);
    private Dictionary<string, PendingSummary> _spare = new(StringComparer.Ordinal);

    // Whether anything waiting changed (not only lease renewals), and since when (a stopwatch timestamp) the outbox holds anything.
    private bool _changedWaiting;
    private long _waitingSince;

    public string Region { get; } = region;

    /// <summary>
    /// No send is in flight, and something changed, or renewals alone have waited <paramref name="renewalDelay"/>:
    /// the interval's send may start. <paramref name="now"/> is a stopwatch timestamp (operational time).
    /// </summary>
    public bool Due(long now, TimeSpan renewalDelay)
    {
        lock (_gate)
        {
            return _pending.Count > 0 && _sending.CurrentCount > 0
                && (_changedWaiting || Stopwatch.GetElapsedTime(_waitingSince, now) >= renewalDelay);
        }
    }

    /// <param name="changed">False for a lease renewal of an unchanged summary, which the region does not log.</param>
    public void Add(GpuRoutingSummary summary, bool changed)
    {
        lock (_gate)
        {
            Waiting(changed);
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
                _changedWaiting = false;
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
                Waiting(lost.Changed);
                _pending[gpuId] = _pending.TryGetValue(gpuId, out var newer) ? newer.Then(newer.Latest, lost.Changed) : lost;
            }

            taken.Clear();
        }
    }

    /// <summary>Under the gate: an entry joins the outbox (the first one starts the renewals' wait).</summary>
    private void Waiting(bool changed)
    {
        if (_pending.Count == 0)
        {
            _waitingSince = Stopwatch.GetTimestamp();
        }

        _changedWaiting |= changed;
    }
}
