using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// Where a slow job's time went, from its own answer: the HTTP round trip against the job grain's own figures (created
/// to dispatched, created to the result), so a tail can be placed before the job grain, before dispatch, or after it.
/// Bounded: the first <see cref="Capacity"/> slow jobs only.
/// </summary>
public sealed partial class SlowJobSample
{
    private const int Capacity = 5_000;
    private readonly ConcurrentQueue<(double HttpMs, double QueueMs, double TotalMs, bool Verified)> _jobs = new();
    private int _count;

    private long _answers;
    private long _verifiedAnswers;

    /// <summary>Every completed job's answer: how many were re-executed before the answer.</summary>
    public void Count(string answer)
    {
        Interlocked.Increment(ref _answers);
        if (answer.Contains("verif", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _verifiedAnswers);
        }
    }

    public void Record(double httpMs, string answer)
    {
        if (Interlocked.Increment(ref _count) > Capacity)
        {
            return;
        }

        _jobs.Enqueue((httpMs, Read(QueueMs(), answer), Read(TotalMs(), answer), answer.Contains("verif", StringComparison.Ordinal)));

        static double Read(Regex pattern, string text) =>
            pattern.Match(text) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;
    }

    /// <summary>Counts of slow jobs by where most of their time went.</summary>
    public string Describe()
    {
        var all = _jobs.ToArray();
        if (all.Length == 0)
        {
            return "no slow jobs";
        }

        var outside = all.Count(j => j.HttpMs - j.TotalMs > j.TotalMs);
        var beforeDispatch = all.Count(j => j.HttpMs - j.TotalMs <= j.TotalMs && j.QueueMs > j.TotalMs - j.QueueMs);
        var afterDispatch = all.Length - outside - beforeDispatch;
        return $"{all.Length:N0} slow jobs (median HTTP {Median(all.Select(j => j.HttpMs))} ms, job grain total {Median(all.Select(j => j.TotalMs))} ms, " +
            $"to dispatch {Median(all.Select(j => j.QueueMs))} ms): mostly outside the job grain {outside:N0}, before dispatch {beforeDispatch:N0}, after dispatch {afterDispatch:N0}; " +
            $"{all.Count(j => j.Verified):N0} of them verified by re-execution (of all {Interlocked.Read(ref _answers):N0} answers {Interlocked.Read(ref _verifiedAnswers):N0}); " +
            $"not verified: median HTTP {Median(all.Where(j => !j.Verified).Select(j => j.HttpMs))} ms, job grain {Median(all.Where(j => !j.Verified).Select(j => j.TotalMs))} ms";

        static string Median(IEnumerable<double> values)
        {
            var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
            return sorted.Length == 0 ? "?" : sorted[sorted.Length / 2].ToString("0.0", CultureInfo.InvariantCulture);
        }
    }

    [GeneratedRegex("\"queueMs\":([0-9.Ee+-]+)")]
    private static partial Regex QueueMs();

    [GeneratedRegex("\"totalMs\":([0-9.Ee+-]+)")]
    private static partial Regex TotalMs();
}
