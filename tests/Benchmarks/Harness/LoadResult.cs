namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>A closed-loop measurement: operations completed in a window, their latency percentiles and the process CPU spent.</summary>
public sealed record LoadResult(
    long Operations,
    TimeSpan Elapsed,
    double P50Ms,
    double P99Ms,
    double MeanMs,
    double MaxMs,
    long Errors,
    TimeSpan CpuTime,
    string? FirstError)
{
    public double PerSecond => Elapsed > TimeSpan.Zero ? Operations / Elapsed.TotalSeconds : 0;

    /// <summary>Process CPU (all threads: silo, client and load generator) per operation.</summary>
    public double CpuMicrosPerOperation => Operations > 0 ? CpuTime.TotalMilliseconds * 1000 / Operations : 0;

    public override string ToString() =>
        $"{Operations:N0} ops in {Elapsed.TotalSeconds:0.00} s = {PerSecond:N0}/s, p50 {P50Ms:0.000} ms, p99 {P99Ms:0.000} ms, " +
        $"max {MaxMs:0.0} ms, CPU {CpuMicrosPerOperation:0.0} us/op{(Errors > 0 ? $", {Errors} errors ({FirstError})" : "")}";
}
