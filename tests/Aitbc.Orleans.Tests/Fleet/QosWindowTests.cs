using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Fleet.Qos;

namespace Aitbc.Orleans.Tests.Fleet;

/// <summary>QoS counters are a few coarse buckets: bounded whatever the uptime, with the same 24 h meaning.</summary>
public sealed class QosWindowTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 3, 20, 0, TimeSpan.Zero);
    private static readonly GpuProfile Profile = GpuProfileCatalog.Default.Find("NVIDIA GeForce RTX 4090")!;

    [Fact]
    public void A_gpu_heartbeating_for_two_days_holds_at_most_four_buckets_and_keeps_full_uptime()
    {
        var buckets = new List<QosBucket>();
        var now = Start;
        for (var end = Start + TimeSpan.FromHours(48); now < end; now += TimeSpan.FromMinutes(1))
        {
            // Four heartbeats a minute (one per 15 s), counted a minute at a time to keep the test quick.
            QosCalculator.BucketFor(buckets, now).Heartbeats += 4;
            Assert.True(buckets.Count <= QosCalculator.Buckets, $"{buckets.Count} buckets at {now:u}");

            // Uptime must not dip when the oldest bucket leaves: the expected heartbeats cover the same span.
            var qos = Compute(buckets, now + TimeSpan.FromMinutes(1));
            Assert.True(qos.Uptime > 0.99, $"uptime {qos.Uptime:F3} at {now:u}");
        }
    }

    [Fact]
    public void A_gpu_that_stops_heartbeating_loses_uptime_and_its_jobs_leave_the_window_within_a_day()
    {
        var buckets = new List<QosBucket>();
        for (var now = Start; now < Start + TimeSpan.FromHours(6); now += TimeSpan.FromMinutes(1))
        {
            QosCalculator.BucketFor(buckets, now).Heartbeats += 4;
        }

        QosCalculator.Record(QosCalculator.BucketFor(buckets, Start + TimeSpan.FromHours(6)), new JobOutcome("job-1", false, false, 0, 1000, 0m, JobOutcomeKind.Failure));
        var soon = Compute(buckets, Start + TimeSpan.FromHours(12));
        Assert.Equal(1, soon.JobsInWindow);
        Assert.InRange(soon.Uptime, 0.3, 0.7);

        var later = Compute(buckets, Start + TimeSpan.FromHours(30) + TimeSpan.FromMinutes(1));
        Assert.Equal(0, later.JobsInWindow);
        Assert.Equal(0, later.Uptime);
        QosCalculator.BucketFor(buckets, Start + TimeSpan.FromHours(30) + TimeSpan.FromMinutes(1));
        Assert.Single(buckets);
    }

    [Fact]
    public void Hourly_buckets_stored_before_the_window_was_coarse_still_count_until_they_leave_it()
    {
        var now = new DateTimeOffset(2026, 11, 27, 13, 30, 0, TimeSpan.Zero);
        var hour = QosCalculator.HourIndex(now);
        var buckets = new List<QosBucket>
        {
            new() { HourIndex = hour - 1, Jobs = 2, Succeeded = 2, LatencyScoreSum = 2 },
            new() { HourIndex = hour - 30, Jobs = 5 },
        };

        QosCalculator.BucketFor(buckets, now);
        Assert.DoesNotContain(buckets, b => b.HourIndex == hour - 30);
        Assert.Equal(2, Compute(buckets, now).JobsInWindow);
    }

    [Fact]
    public void A_heartbeat_counts_and_scores_without_allocating()
    {
        var now = new DateTimeOffset(2026, 11, 27, 13, 30, 0, TimeSpan.Zero);
        var hour = QosCalculator.HourIndex(now);
        var buckets = new List<QosBucket>
        {
            new() { HourIndex = hour - 7, Jobs = 3, Verified = 2, Correct = 1, LatencyScoreSum = 2.5, Heartbeats = 1_400, EnergySamples = 10, EnergyPerfSum = 4 },
            new() { HourIndex = hour - 40, Jobs = 9, Heartbeats = 99 },
        };

        // Every heartbeat of every GPU runs these two: at 100k GPUs a closure or an iterator each is megabytes a second.
        var score = 0.0;
        for (var warm = 0; warm < 3; warm++)
        {
            QosCalculator.BucketFor(buckets, now).Heartbeats++;
            score = QosCalculator.Compute(buckets, now, Start, Interval, Profile, 0.0001m, 50, 500).Score;
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        QosCalculator.BucketFor(buckets, now).Heartbeats++;
        score = QosCalculator.Compute(buckets, now, Start, Interval, Profile, 0.0001m, 50, 500).Score;
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        Assert.Equal(2, buckets.Count);
        Assert.InRange(score, 0.0, 1.0);
        Assert.Equal(3, Compute(buckets, now).JobsInWindow);
    }

    private static QosBreakdown Compute(List<QosBucket> buckets, DateTimeOffset now) =>
        QosCalculator.Compute(buckets, now, Start, Interval, Profile, 0.0001m, 50, 500).Breakdown();
}
