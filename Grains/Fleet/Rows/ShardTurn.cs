namespace Aitbc.Orleans.Fleet.Rows;

/// <summary>
/// What one call on a shard asks for once its rows have changed: at most one write, then the region removals and
/// summaries, then (after the turn) the jobs to tell. Rows record here and the shard carries it out in that order, so a
/// transition is durable before anything outside the shard sees it, and a call that touches many rows writes once.
/// </summary>
internal sealed class ShardTurn
{
    /// <summary>A transition that must be durable before its effects (registration, going offline, a rental, flags).</summary>
    public bool Write { get; set; }

    /// <summary>Counters and bookings that ride on the next periodic or final write.</summary>
    public bool Unsaved { get; set; }

    /// <summary>Rows whose summary may have changed: whether it must reach the region at once, and whether only its free slots moved.</summary>
    public List<(GpuRow Row, bool Wait, bool SlotsOnly)> Publish { get; } = [];

    // Most turns (every reservation and release) remove nothing and tell no one: these lists come with the first entry.
    private List<(string Region, string GpuId)>? _removals;
    private List<LostJobsNotice>? _notices;

    public IReadOnlyList<(string Region, string GpuId)> Removals => _removals ?? (IReadOnlyList<(string, string)>)[];

    public IReadOnlyList<LostJobsNotice> Notices => _notices ?? (IReadOnlyList<LostJobsNotice>)[];

    /// <summary>The GPU leaves that region's index (it moved, or it is gone).</summary>
    public void RemoveFrom(string region, string gpuId) => (_removals ??= []).Add((region, gpuId));

    /// <summary>After the turn, the jobs in the notice learn that their GPU lost them.</summary>
    public void Notify(LostJobsNotice notice) => (_notices ??= []).Add(notice);

    public void PublishLater(GpuRow row, bool wait) => Publish.Add((row, wait, false));

    /// <summary>A reservation or release: only the free slots moved, so the summary is the last one with its slots updated.</summary>
    public void PublishSlots(GpuRow row) => Publish.Add((row, false, true));
}
