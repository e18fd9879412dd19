using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// Where slow jobs' time went, from their own answers: the HTTP round trip against the job grain's `timings.totalMs`,
/// which runs from the job's acceptance (after its escrow hold, tenant index and first routing) to its result. The
/// rest is the gateway, those acceptance steps, and what follows the result (settlement). Jobs drawn for verification
/// (an answer with a verification state) are counted apart: since session 37 they answer before their check, whose
/// re-execution no longer lies in their latency. Only jobs sent after the sample began count;
/// bounded to the first <see cref="Capacity"/> slow ones. Times run from each request's own start, not its intended one.
/// </summary>
public sealed partial class SlowJobSample
{
    private const int Capacity = 5_000;
    private const int MaxAnswers = 1_000_000;
    private readonly long _since = Stopwatch.GetTimestamp();
    private readonly ConcurrentQueue<(double HttpMs, double AcceptedToResultMs, bool Verified, double BeforeAcceptedMs, double AfterResultMs)> _jobs = new();
    private readonly ConcurrentQueue<double> _plainMs = new();
    private readonly ConcurrentQueue<double> _verifiedMs = new();
    private int _count;
    private long _answers;
    private long _verifiedAnswers;

    /// <summary>A completed job's answer, sent at <paramref name="sentAt"/> (a stopwatch timestamp) and answered after <paramref name="httpMs"/>.</summary>
    public void Record(long sentAt, double httpMs, bool slow, string answer)
    {
        if (sentAt < _since)
        {
            return;
        }

        // Drawn for verification: the answer names the check's state (pending, or a verdict); others say null.
        var verified = answer.Contains("\"verification\":\"", StringComparison.Ordinal);
        if (Interlocked.Increment(ref _answers) <= MaxAnswers)
        {
            (verified ? _verifiedMs : _plainMs).Enqueue(httpMs);
        }

        if (verified)
        {
            Interlocked.Increment(ref _verifiedAnswers);
        }

        if (slow && Interlocked.Increment(ref _count) <= Capacity)
        {
            var total = TotalMs().Match(answer) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;

            // The silo's clock and this one are the same machine's: the request's send and answer against the job's
            // acceptance and result split the time outside acceptance to result into before and after.
            var answeredAt = DateTimeOffset.UtcNow;
            var sentWall = answeredAt - TimeSpan.FromMilliseconds(httpMs);
            var before = Stamp(CreatedAt(), answer) is { } created ? (created - sentWall).TotalMilliseconds : double.NaN;
            var after = Stamp(FinishedAt(), answer) is { } finished ? (answeredAt - finished).TotalMilliseconds : double.NaN;
            _jobs.Enqueue((httpMs, total, verified, before, after));
        }
    }

    public string Describe()
    {
        var all = _jobs.ToArray();
        var answers = Interlocked.Read(ref _answers);
        double[] every = [.. _plainMs, .. _verifiedMs];
        var latency = $"HTTP p50 / p99 from each request's own start: all {Format(every, 50)} / {Format(every, 99)} ms, " +
            $"not re-executed {Format(_plainMs, 50)} / {Format(_plainMs, 99)} ms, re-executed for verification {Format(_verifiedMs, 50)} / {Format(_verifiedMs, 99)} ms; ";
        if (all.Length == 0)
        {
            return latency + $"no slow jobs of {answers:N0}";
        }

        // Mostly outside: less than half of the HTTP time lay between acceptance and result.
        var outside = all.Count(j => j.AcceptedToResultMs < j.HttpMs / 2);
        var plain = all.Where(j => !j.Verified).ToArray();
        return latency + $"{all.Length:N0} slow jobs of {answers:N0} (median HTTP {Median(all.Select(j => j.HttpMs))} ms, acceptance to result " +
            $"{Median(all.Select(j => j.AcceptedToResultMs))} ms, request to acceptance {Median(all.Select(j => j.BeforeAcceptedMs))} ms, result to answer " +
            $"{Median(all.Select(j => j.AfterResultMs))} ms); {outside:N0} spent most of their time outside acceptance to result; " +
            $"{all.Length - plain.Length:N0} were re-executed for verification ({Interlocked.Read(ref _verifiedAnswers):N0} of all answers); " +
            $"the others: median HTTP {Median(plain.Select(j => j.HttpMs))} ms, acceptance to result {Median(plain.Select(j => j.AcceptedToResultMs))} ms";

        static string Median(IEnumerable<double> values) => Format(values, 50);
    }

    private static string Format(IEnumerable<double> values, double percentile) =>
        Percentiles.Of(values.Where(v => !double.IsNaN(v)), percentile) is var value && double.IsNaN(value)
            ? "?"
            : value.ToString("0.0", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Stamp(Regex field, string answer) =>
        field.Match(answer) is { Success: true } m && DateTimeOffset.TryParse(m.Groups[1].Value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : null;

    [GeneratedRegex("\"totalMs\":([0-9.Ee+-]+)")]
    private static partial Regex TotalMs();

    [GeneratedRegex("\"createdAt\":\"([^\"]+)\"")]
    private static partial Regex CreatedAt();

    [GeneratedRegex("\"finishedAt\":\"([^\"]+)\"")]
    private static partial Regex FinishedAt();
}
