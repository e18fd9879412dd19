using HdrHistogram;

namespace Aitbc.Orleans.Benchmarks.Harness.OpenLoop;

/// <summary>
/// What an open-loop run saw. Latencies (microseconds, from each operation's intended start) are in an HDR histogram
/// with 3 significant digits; <see cref="Timeline"/> counts completions per bucket of the schedule.
/// </summary>
public sealed class OpenLoopResult(
    OpenLoopOptions options,
    long issued,
    long completed,
    long errors,
    long lost,
    long heldBack,
    TimeSpan elapsed,
    TimeSpan cpuTime,
    HistogramBase histogram,
    long[] timeline,
    string? firstError,
    GcReading? gc = null)
{
    public OpenLoopOptions Options { get; } = options;

    public double TargetRate => Options.Rate;

    public long Issued { get; } = issued;

    /// <summary>Operations that returned without an exception.</summary>
    public long Completed { get; } = completed;

    public long Errors { get; } = errors;

    /// <summary>Still running when the drain timeout ended.</summary>
    public long Lost { get; } = lost;

    /// <summary>Operations whose issue waited for a free slot under <see cref="OpenLoopOptions.MaxOutstanding"/>.</summary>
    public long HeldBack { get; } = heldBack;

    /// <summary>From the first intended start to the last completion.</summary>
    public TimeSpan Elapsed { get; } = elapsed;

    public TimeSpan CpuTime { get; } = cpuTime;

    public HistogramBase Histogram { get; } = histogram;

    public IReadOnlyList<long> Timeline { get; } = timeline;

    public string? FirstError { get; } = firstError;

    /// <summary>The process's collections during the measured window: a p99 beside the longest pause reads as GC.</summary>
    public GcReading? Gc { get; } = gc;

    /// <summary>Completions per second over the whole run, the drain included: below the target when the system fell behind.</summary>
    public double AchievedRate => Elapsed > TimeSpan.Zero ? Completed / Elapsed.TotalSeconds : 0;

    public double CpuMicrosPerOperation => Completed > 0 ? CpuTime.TotalMilliseconds * 1000 / Completed : 0;

    public double PercentileMs(double percentile) =>
        Histogram.TotalCount == 0 ? double.NaN : Histogram.GetValueAtPercentile(percentile) / 1000.0;

    public double P50Ms => PercentileMs(50);

    public double P90Ms => PercentileMs(90);

    public double P99Ms => PercentileMs(99);

    public double P999Ms => PercentileMs(99.9);

    public double MaxMs => Histogram.TotalCount == 0 ? double.NaN : Histogram.GetMaxValue() / 1000.0;

    /// <summary>
    /// The system kept up: nothing failed or was lost, completions reached <paramref name="minShare"/> of the target rate,
    /// and p99 stayed under <paramref name="p99CapMs"/> (a system that only just keeps up builds a queue whose latency
    /// grows through the run).
    /// </summary>
    public bool Sustained(double p99CapMs, double minShare = 0.97) =>
        Errors == 0 && Lost == 0 && AchievedRate >= minShare * TargetRate && P99Ms <= p99CapMs;

    /// <summary>Completions per second in the buckets that fall inside [from, to) of the schedule.</summary>
    public double RateBetween(TimeSpan from, TimeSpan to)
    {
        var first = (int)(from / Options.Bucket);
        var last = Math.Min(Timeline.Count, (int)Math.Ceiling(to / Options.Bucket));
        if (last <= first)
        {
            return 0;
        }

        long sum = 0;
        for (var i = first; i < last; i++)
        {
            sum += Timeline[i];
        }

        return sum / ((last - first) * Options.Bucket.TotalSeconds);
    }

    public override string ToString() =>
        $"target {TargetRate:N0}/s: {Completed:N0} done in {Elapsed.TotalSeconds:0.00} s = {AchievedRate:N0}/s, " +
        $"p50 {P50Ms:0.000} ms, p90 {P90Ms:0.000} ms, p99 {P99Ms:0.000} ms, p99.9 {P999Ms:0.000} ms, max {MaxMs:0.0} ms, " +
        $"CPU {CpuMicrosPerOperation:0.0} us/op" +
        (Gc is { } g ? $", GC {g.Gen0 + g.Gen1 + g.Gen2} ({g.Gen1} gen1, {g.Gen2} gen2) paused {g.TotalPause.TotalMilliseconds:0} ms, longest {g.LongestPause.TotalMilliseconds:0.0} ms, {g.AllocatedPerOperation(Completed) / 1024:0.0} KB allocated/op" : "") +
        (HeldBack > 0 ? $", {HeldBack:N0} held back at {Options.MaxOutstanding} outstanding" : "") +
        (Errors + Lost > 0 ? $", {Errors} errors, {Lost} lost ({FirstError})" : "");
}
