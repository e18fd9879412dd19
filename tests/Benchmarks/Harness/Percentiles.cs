using System.Diagnostics;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>Nearest-rank percentiles over raw samples (no histogram: the sample counts here fit in memory).</summary>
public static class Percentiles
{
    /// <summary>The p-th percentile (0..100) of samples that are already sorted ascending.</summary>
    public static double OfSorted(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    public static double Of(IEnumerable<double> samples, double p)
    {
        var sorted = samples.ToArray();
        Array.Sort(sorted);
        return OfSorted(sorted, p);
    }

    public static double TicksToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
