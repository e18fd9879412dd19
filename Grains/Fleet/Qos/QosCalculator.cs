using Aitbc.Orleans.Fleet.Profiles;

namespace Aitbc.Orleans.Fleet.Qos;

/// <summary>
/// QoS over a rolling window of at most 24 h, kept as four 6-hour buckets (a heartbeating GPU holds at most four, where
/// hourly buckets held 24, about 2.3 KB per GPU): the window is the current bucket and the three before it, so it spans
/// 18 to 24 h, and uptime expects heartbeats over that same span. Score = 0.3 latency + 0.25 accuracy + 0.2 uptime
/// + 0.15 power efficiency + 0.1 cost efficiency, each in [0,1]:
/// latency = mean over jobs of min(1, budget / observed), blended 50/50 with the link RTT against the 500 ms target;
/// accuracy = verified results found right / verified results (only re-execution knows whether a result is right);
/// a failed, timed-out or abandoned attempt scores 0 for latency (so every ending counts); uptime = heartbeats received / heartbeats expected;
/// power efficiency = measured (or rated) fp16 TFLOPS per watt against 0.5 TFLOPS/W;
/// cost efficiency = capability-weighted reference price / owner's price floor, capped at 1.
/// With no jobs yet, latency and accuracy start at a neutral 0.8 so new GPUs are neither favoured nor shut out.
/// </summary>
public static class QosCalculator
{
    public const int WindowHours = 24;

    public const int BucketHours = 6;

    /// <summary>The most buckets a GPU holds.</summary>
    public const int Buckets = WindowHours / BucketHours;
    private const double Neutral = 0.8;
    private const double ReferenceTflopsPerWatt = 0.5;
    private const double ReferencePricePerTflop = 0.0001;

    public static long HourIndex(DateTimeOffset at) => at.ToUnixTimeSeconds() / 3600;

    /// <summary>The first hour (<see cref="HourIndex"/>) of the bucket that holds <paramref name="at"/>.</summary>
    public static long BucketStart(DateTimeOffset at)
    {
        var hour = HourIndex(at);
        return hour - (hour % BucketHours);
    }

    /// <summary>The first hour the window counts: the start of the oldest of the <see cref="Buckets"/> buckets.</summary>
    public static long WindowStartHour(DateTimeOffset now) => BucketStart(now) - ((Buckets - 1) * BucketHours);

    public static QosBucket BucketFor(List<QosBucket> buckets, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var start = BucketStart(now);
        var windowStart = WindowStartHour(now);

        // Runs on every heartbeat of every GPU: loops, not lambdas, so a heartbeat allocates no closure here.
        // Buckets written before the window was coarse started at any hour; they count while inside it, then leave.
        QosBucket? bucket = null;
        for (var i = buckets.Count - 1; i >= 0; i--)
        {
            if (buckets[i].HourIndex < windowStart)
            {
                buckets.RemoveAt(i);
            }
            else if (bucket is null && buckets[i].HourIndex == start)
            {
                bucket = buckets[i];
            }
        }

        if (bucket is null)
        {
            bucket = new QosBucket { HourIndex = start };
            buckets.Add(bucket);
        }

        return bucket;
    }

    /// <summary>The components and score over the window (see the class); allocates nothing.</summary>
    public static QosComponents Compute(
        IReadOnlyList<QosBucket> buckets,
        DateTimeOffset now,
        DateTimeOffset registeredAt,
        TimeSpan heartbeatInterval,
        GpuProfile profile,
        decimal priceFloor,
        double linkRttMs,
        double latencyTargetMs)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        ArgumentNullException.ThrowIfNull(profile);

        // One pass over the live buckets, without LINQ: this runs on every heartbeat of every GPU.
        var windowStartHour = WindowStartHour(now);
        int jobs = 0, verified = 0, correct = 0, heartbeats = 0, samples = 0;
        double latencyScoreSum = 0, energyPerfSum = 0;
        for (var i = 0; i < buckets.Count; i++)
        {
            var b = buckets[i];
            if (b.HourIndex < windowStartHour)
            {
                continue;
            }

            jobs += b.Jobs;
            verified += b.Verified;
            correct += b.Correct;
            heartbeats += b.Heartbeats;
            samples += b.EnergySamples;
            latencyScoreSum += b.LatencyScoreSum;
            energyPerfSum += b.EnergyPerfSum;
        }

        var jobLatency = jobs == 0 ? Neutral : latencyScoreSum / jobs;
        var linkLatency = linkRttMs <= 0 ? Neutral : Math.Clamp(latencyTargetMs / Math.Max(linkRttMs, 1), 0, 1);
        var latency = 0.5 * jobLatency + 0.5 * linkLatency;

        var accuracy = verified == 0 ? Neutral : (double)correct / verified;

        var windowStart = DateTimeOffset.FromUnixTimeSeconds(windowStartHour * 3600);
        var observedFrom = registeredAt > windowStart ? registeredAt : windowStart;
        var expected = Math.Max(1, (now - observedFrom).TotalSeconds / heartbeatInterval.TotalSeconds);
        var uptime = Math.Clamp(heartbeats / expected, 0, 1);

        var perfPerWatt = samples > 0
            ? energyPerfSum / samples
            : profile.TdpWatts > 0 ? profile.Fp16Tflops / profile.TdpWatts : 0;
        var power = Math.Clamp(perfPerWatt / ReferenceTflopsPerWatt, 0, 1);

        var fairPrice = (decimal)(Math.Max(profile.Fp16Tflops, 0.1) * ReferencePricePerTflop);
        var cost = priceFloor <= 0 ? 1 : Math.Clamp((double)(fairPrice / priceFloor), 0, 1);
        return new QosComponents(latency, accuracy, uptime, power, cost, jobs);
    }

    /// <summary>Adds one attempt's ending to its hour's counters.</summary>
    public static void Record(QosBucket bucket, JobOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Verified)
        {
            bucket.Verified++;
            if (outcome.Correct)
            {
                bucket.Correct++;
            }
            else
            {
                bucket.Wrong++;
            }
        }

        if (outcome.AmendsRecorded)
        {
            return;
        }

        bucket.Jobs++;
        switch (outcome.Kind)
        {
            case JobOutcomeKind.Success:
                bucket.Succeeded++;
                bucket.LatencyScoreSum += outcome.LatencyMs <= 0 ? 1 : Math.Min(1, outcome.LatencyBudgetMs / outcome.LatencyMs);
                break;
            case JobOutcomeKind.WrongResult:
                break;
            case JobOutcomeKind.Failure:
                bucket.Failed++;
                break;
            case JobOutcomeKind.Timeout:
                bucket.TimedOut++;
                break;
            case JobOutcomeKind.Abandoned:
                bucket.Abandoned++;
                break;
        }
    }

    /// <summary>SLA tiers: platinum ≥ 0.9, gold ≥ 0.75, silver ≥ 0.6, else bronze (see docs/ARCHITECTURE.md for targets).</summary>
    public static string TierOf(double score) => score switch
    {
        >= 0.9 => "platinum",
        >= 0.75 => "gold",
        >= 0.6 => "silver",
        _ => "bronze",
    };
}
