namespace Aitbc.Orleans.Miner.Daemon;

/// <summary>
/// The rig's round trip to the cluster: the least of a few pings spaced apart, as the path's latency (queueing in a busy
/// cluster is not distance). One ping caught a pause of the cluster now and then, and every rig of a daemon reports its
/// reading: with 22,000 simulated rigs, each spike moved the routing summaries of all 100,000 GPUs through every region
/// and snapshot (an idle 100k fleet pulled 1,906 changed GPUs a second with one ping a round, 502 with the least of three).
/// </summary>
public static class ClusterRoundTrip
{
    public const int Pings = 3;

    /// <summary>Longer than a typical collection pause, so one pause spoils one ping, not all of them.</summary>
    public static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(100);

    /// <summary>The least round trip (ms) of <see cref="Pings"/> calls of <paramref name="ping"/>, <see cref="Gap"/> apart.</summary>
    public static async Task<double> MeasureAsync(Func<Task> ping, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ping);
        ArgumentNullException.ThrowIfNull(time);
        var least = double.PositiveInfinity;
        for (var i = 0; i < Pings; i++)
        {
            if (i > 0)
            {
                await Task.Delay(Gap, time, cancellationToken);
            }

            var started = time.GetTimestamp();
            await ping();
            least = Math.Min(least, time.GetElapsedTime(started).TotalMilliseconds);
        }

        return least;
    }
}
