using System.Globalization;

namespace Aitbc.Orleans.Benchmarks.Harness.OpenLoop;

/// <summary>The same open-loop run repeated (three times by the guide's rule), reported as median with min–max.</summary>
public sealed class RunSpread(IReadOnlyList<OpenLoopResult> runs)
{
    public IReadOnlyList<OpenLoopResult> Runs { get; } = runs;

    public static async Task<RunSpread> RepeatAsync(int times, Func<int, Task<OpenLoopResult>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var runs = new List<OpenLoopResult>(times);
        for (var i = 0; i < times; i++)
        {
            runs.Add(await run(i));
        }

        return new RunSpread(runs);
    }

    public double Median(Func<OpenLoopResult, double> figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        return MedianOf(Runs.Select(figure));
    }

    /// <summary>The median of any per-run figure (NaN for none), for figures read beside the runs (GC, counters).</summary>
    public static double MedianOf(IEnumerable<double> figures)
    {
        var values = figures.Order().ToArray();
        return values.Length == 0 ? double.NaN
            : values.Length % 2 == 1 ? values[values.Length / 2]
            : (values[values.Length / 2 - 1] + values[values.Length / 2]) / 2;
    }

    public double Min(Func<OpenLoopResult, double> figure) => Runs.Count == 0 ? double.NaN : Runs.Min(figure);

    public double Max(Func<OpenLoopResult, double> figure) => Runs.Count == 0 ? double.NaN : Runs.Max(figure);

    /// <summary>"median (min–max)" of one figure, e.g. Describe(r => r.P99Ms, "0.00").</summary>
    public string Describe(Func<OpenLoopResult, double> figure, string format) =>
        string.Create(CultureInfo.InvariantCulture, $"{Median(figure).ToString(format, CultureInfo.InvariantCulture)} ({Min(figure).ToString(format, CultureInfo.InvariantCulture)}–{Max(figure).ToString(format, CultureInfo.InvariantCulture)})");

    public bool AllSustained(double p99CapMs, double minShare = 0.97) => Runs.All(r => r.Sustained(p99CapMs, minShare));

    public long Errors => Runs.Sum(r => r.Errors + r.Lost);

    public string? FirstError => Runs.Select(r => r.FirstError).FirstOrDefault(e => e is not null);
}
