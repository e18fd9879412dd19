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
}
