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

    public List<(string Region, string GpuId)> Removals { get; } = [];

    public List<LostJobsNotice> Notices { get; } = [];

    public void PublishLater(GpuRow row, bool wait) => Publish.Add((row, wait, false));

    /// <summary>A reservation or release: only the free slots moved, so the summary is the last one with its slots updated.</summary>
    public void PublishSlots(GpuRow row) => Publish.Add((row, false, true));
}
