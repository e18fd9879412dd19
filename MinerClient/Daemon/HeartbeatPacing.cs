namespace Aitbc.Orleans.Miner.Daemon;

/// <summary>
/// When each rig of one heartbeat round beats, from the round's start. Sent as fast as the cluster answers, 22,000
/// simulated rigs (a farm, or `--simulate 100000`) kept the silos saturated for seconds every interval and jobs queued
/// behind the burst; real rigs, each on its own clock, arrive spread out. So a round of more rigs than one parallel
/// batch is spread evenly over most of the interval, each rig at a fixed offset (its heartbeats stay one interval
/// apart); a batch or less beats at once.
/// </summary>
public static class HeartbeatPacing
{
    /// <summary>Share of the interval a round is spread over: the rest is slack for slow answers.</summary>
    public const double Spread = 0.8;

    public static TimeSpan Offset(int index, int rigs, TimeSpan interval, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, rigs);
        return rigs > batch ? interval * Spread * index / rigs : TimeSpan.Zero;
    }
}
