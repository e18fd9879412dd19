using Aitbc.Orleans.Miner.Daemon;

namespace Aitbc.Orleans.Tests.Miner.Daemon;

public sealed class HeartbeatPacingTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData(1)]
    [InlineData(32)]
    public void A_round_of_one_batch_or_less_beats_at_once(int rigs)
    {
        for (var i = 0; i < rigs; i++)
        {
            Assert.Equal(TimeSpan.Zero, HeartbeatPacing.Offset(i, rigs, Interval, batch: 32));
        }
    }

    [Fact]
    public void A_large_fleet_is_spread_evenly_over_most_of_the_interval()
    {
        const int rigs = 22_228;
        var offsets = Enumerable.Range(0, rigs).Select(i => HeartbeatPacing.Offset(i, rigs, Interval, batch: 32)).ToArray();

        Assert.Equal(TimeSpan.Zero, offsets[0]);
        Assert.InRange(offsets[^1], Interval * 0.79, Interval * 0.8);

        // No burst: any one second of the round holds about the same share of the rigs (1/12 of them).
        var perSecond = offsets.GroupBy(o => (int)o.TotalSeconds).Select(g => g.Count()).ToArray();
        Assert.Equal(12, perSecond.Length);
        Assert.All(perSecond, n => Assert.InRange(n, rigs / 12 - 2, rigs / 12 + 2));
    }

    [Fact]
    public void A_large_fleet_waits_once_per_tick_and_no_rig_beats_late_or_more_than_a_tick_early()
    {
        const int rigs = 22_228;
        var ticks = HeartbeatPacing.Ticks(rigs, Interval, batch: 32);

        // Every rig once, in order.
        Assert.Equal(0, ticks[0].First);
        Assert.Equal(rigs, ticks.Sum(t => t.Count));
        for (var i = 1; i < ticks.Count; i++)
        {
            Assert.Equal(ticks[i - 1].First + ticks[i - 1].Count, ticks[i].First);
            Assert.True(ticks[i].Due >= ticks[i - 1].Due + HeartbeatPacing.Tick);
        }

        // 12 s of spread in 50 ms ticks: 240 waits a round instead of 22,228.
        Assert.InRange(ticks.Count, 235, 241);
        foreach (var tick in ticks)
        {
            for (var i = tick.First; i < tick.First + tick.Count; i++)
            {
                var offset = HeartbeatPacing.Offset(i, rigs, Interval, batch: 32);
                Assert.InRange(offset - tick.Due, TimeSpan.Zero, HeartbeatPacing.Tick);
                Assert.NotEqual(HeartbeatPacing.Tick, offset - tick.Due);
            }
        }
    }

    [Fact]
    public void A_small_round_is_one_tick_at_once_and_an_empty_one_has_none()
    {
        Assert.Equal([new HeartbeatTick(TimeSpan.Zero, 0, 5)], HeartbeatPacing.Ticks(5, Interval, batch: 32));
        Assert.Empty(HeartbeatPacing.Ticks(0, Interval, batch: 32));
    }
}
