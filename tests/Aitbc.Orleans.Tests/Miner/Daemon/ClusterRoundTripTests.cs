using Aitbc.Orleans.Miner.Daemon;

namespace Aitbc.Orleans.Tests.Miner.Daemon;

/// <summary>
/// The rig's link to the cluster is the least of its pings, spaced apart: one ping that met a pause of the cluster does
/// not move what every GPU of the daemon reports (session 36: an idle 100k fleet's summaries changed 1,906 times a
/// second on single pings, 502 on the least of three).
/// </summary>
public sealed class ClusterRoundTripTests
{
    [Fact]
    public async Task A_ping_slowed_by_a_pause_is_outvoted_by_the_others_which_are_spaced_apart()
    {
        var clock = new SteppedClock();
        var readings = new Queue<double>([40, 3, 25]);
        var pings = 0;

        var rtt = await ClusterRoundTrip.MeasureAsync(() =>
        {
            pings++;
            clock.Step(TimeSpan.FromMilliseconds(readings.Dequeue()));
            return Task.CompletedTask;
        }, clock, TestContext.Current.CancellationToken);

        Assert.Equal(3, rtt, precision: 6);
        Assert.Equal(ClusterRoundTrip.Pings, pings);
        Assert.Equal([ClusterRoundTrip.Gap, ClusterRoundTrip.Gap], clock.Waits);
    }

    /// <summary>A clock that moves only when told, and whose timers fire at once (recording how long they were asked to wait).</summary>
    private sealed class SteppedClock : TimeProvider
    {
        private long _ticks;

        public List<TimeSpan> Waits { get; } = [];

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Step(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (Waits)
            {
                Waits.Add(dueTime);
            }

            // After this returns, as a real timer would fire.
            ThreadPool.QueueUserWorkItem(_ => callback(state));
            return new FiredTimer();
        }

        private sealed class FiredTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => false;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
