using Aitbc.Orleans.Fleet.Rows;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aitbc.Orleans.Tests.Fleet;

/// <summary>
/// The silo's liveness watch hands out a shard only once the last time it gave has passed, once, and never after the
/// shard was forgotten; superseded times neither fire nor pile up.
/// </summary>
public sealed class ShardLivenessWatchTests
{
    private const long T0 = 1_000_000;

    /// <summary>Process timestamps in whole seconds after <see cref="T0"/> (the watch's unit is the system clock's).</summary>
    private static long At(double seconds) => T0 + (long)(seconds * TimeProvider.System.TimestampFrequency);

    private static ShardLivenessWatch NewWatch() => new(null!, NullLogger<ShardLivenessWatch>.Instance);

    [Fact]
    public void A_shard_is_due_once_its_latest_time_has_passed_and_then_no_longer_watched()
    {
        using var watch = NewWatch();
        watch.Watch("rig-a", At(10));
        watch.Watch("rig-b", At(5));
        watch.Watch("rig-a", At(20)); // heard again: the earlier time no longer counts

        Assert.Empty(watch.TakeDue(At(4)));
        Assert.Equal(["rig-b"], watch.TakeDue(At(6)));
        Assert.Empty(watch.TakeDue(At(15)));
        Assert.Equal(1, watch.Count);
        Assert.Equal(["rig-a"], watch.TakeDue(At(20)));
        Assert.Empty(watch.TakeDue(At(60)));
        Assert.Equal(0, watch.Count);
    }

    [Fact]
    public void A_forgotten_shard_is_never_due_and_a_watch_after_forgetting_counts_again()
    {
        using var watch = NewWatch();
        watch.Watch("rig-a", At(10));
        watch.Forget("rig-a");
        Assert.Empty(watch.TakeDue(At(11)));

        watch.Watch("rig-a", At(30));
        Assert.Equal(["rig-a"], watch.TakeDue(At(31)));
    }

    [Fact]
    public void A_later_time_queues_nothing_new_and_moves_the_check_back()
    {
        using var watch = NewWatch();
        watch.Watch("rig-a", At(10));
        for (var beat = 1; beat <= 50; beat++)
        {
            watch.Watch("rig-a", At(10 + beat)); // a heartbeat each second
        }

        Assert.Equal(1, watch.Queued);
        Assert.Empty(watch.TakeDue(At(30)));
        Assert.Equal(1, watch.Queued); // the entry came up and went back in at the latest time
        Assert.Equal(["rig-a"], watch.TakeDue(At(60)));
        Assert.Equal(0, watch.Count);
    }

    [Fact]
    public void An_earlier_time_after_a_later_one_is_due_at_the_earlier_time_and_only_once()
    {
        using var watch = NewWatch();
        watch.Watch("rig-a", At(20));
        watch.Watch("rig-a", At(5));

        Assert.Equal(["rig-a"], watch.TakeDue(At(6)));
        Assert.Empty(watch.TakeDue(At(25)));
        Assert.Equal(0, watch.Queued);
    }

    [Fact]
    public void Many_rewatches_of_the_same_shards_keep_one_due_each()
    {
        using var watch = NewWatch();
        for (var round = 0; round < 100; round++)
        {
            for (var rig = 0; rig < 100; rig++)
            {
                watch.Watch($"rig-{rig}", At(round + rig / 100.0));
            }
        }

        Assert.Equal(100, watch.Count);
        Assert.Equal(100, watch.Queued);
        var due = watch.TakeDue(At(1_000));
        Assert.Equal(100, due.Count);
        Assert.Equal(100, due.Distinct().Count());
    }
}
