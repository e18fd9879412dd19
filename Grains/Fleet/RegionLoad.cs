namespace Aitbc.Orleans.Fleet;

/// <summary>
/// A region's counts and sums for pricing, kept as GPUs' summaries come and go (subtract the old summary, add the new
/// one), so reading the statistics walks nothing. The region grain and every silo's routing snapshot keep one each.
/// </summary>
public sealed class RegionLoad
{
    private int _total;
    private int _online;
    private int _onlineFreeSlots;
    private int _onlineBusy;
    private int _routable;
    private int _routableWithFreeSlot;
    private double _onlineRttSum;
    private double _routableQosSum;

    public int Total => _total;

    public void Replace(GpuRoutingSummary? old, GpuRoutingSummary? updated)
    {
        if (old is not null)
        {
            Apply(old, -1);
        }

        if (updated is not null)
        {
            Apply(updated, +1);
        }
    }

    /// <summary>Available: routable with a free slot. Busy slots count online GPUs with no free slot, as pricing always has.</summary>
    public RegionStats ToStats(string region, int queueLength) => new(
        region, _total, _routableWithFreeSlot, _onlineBusy, _onlineBusy + _onlineFreeSlots, queueLength,
        _online == 0 ? 0 : _onlineRttSum / _online, _routable, _routable == 0 ? 0.5 : _routableQosSum / _routable);

    private void Apply(GpuRoutingSummary gpu, int sign)
    {
        _total += sign;
        if (gpu.Available)
        {
            _online += sign;
            _onlineFreeSlots += sign * Math.Max(0, gpu.FreeSlots);
            _onlineBusy += gpu.FreeSlots <= 0 ? sign : 0;
            _onlineRttSum += sign * gpu.MeasuredRttMs;
        }

        if (gpu.Routable)
        {
            _routable += sign;
            _routableQosSum += sign * gpu.QosScore;
            _routableWithFreeSlot += gpu.FreeSlots > 0 ? sign : 0;
        }
    }
}
