namespace Aitbc.Orleans.Miner.Daemon;

/// <summary>
/// When each rig of one heartbeat round beats, from the round's start. Sent as fast as the cluster answers, 22,000
/// simulated rigs (a farm, or `--simulate 100000`) kept the silos saturated for seconds every interval and jobs queued
/// behind the burst; real rigs, each on its own clock, arrive spread out. So a round of more rigs than one parallel
/// batch is spread evenly over most of the interval, each rig at a fixed offset (its heartbeats stay one interval
/// apart); a batch or less beats at once. The rigs whose offsets fall in one <see cref="Tick"/> beat together after one
/// wait: a timer per rig (about 1,850 a second for 22,000 rigs) cost the daemon a fifth of a core in wake-ups.
/// </summary>
public static class HeartbeatPacing
{
    /// <summary>Share of the interval a round is spread over: the rest is slack for slow answers.</summary>
    public const double Spread = 0.8;

    /// <summary>Rigs due within this much of each other share one wait; none beats later than its offset, or earlier by a tick.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);

    public static TimeSpan Offset(int index, int rigs, TimeSpan interval, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, rigs);
        return rigs > batch ? interval * Spread * index / rigs : TimeSpan.Zero;
    }

    /// <summary>The round's rigs, in order, grouped into ticks: when each tick is due, and its first rig and rig count.</summary>
    public static IReadOnlyList<HeartbeatTick> Ticks(int rigs, TimeSpan interval, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rigs);
        var ticks = new List<HeartbeatTick>();
        for (var first = 0; first < rigs;)
        {
            var due = Offset(first, rigs, interval, batch);
            var next = first + 1;
            while (next < rigs && Offset(next, rigs, interval, batch) < due + Tick)
            {
                next++;
            }

            ticks.Add(new HeartbeatTick(due, first, next - first));
            first = next;
        }

        return ticks;
    }
}
