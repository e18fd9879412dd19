using System.Diagnostics;
using Aitbc.Orleans.Benchmarks.Harness;
using Aitbc.Orleans.Benchmarks.Reporting;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>What a scenario gets: sizes for this mode, the report to add rows to, and a progress log.</summary>
public sealed class ScenarioContext(BenchOptions options, BenchSizes sizes, RunReport report)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public BenchOptions Options { get; } = options;

    public BenchSizes Sizes { get; } = sizes;

    public RunReport Report { get; } = report;

    public void Log(string message) => Console.WriteLine($"[{_clock.Elapsed.TotalSeconds,7:0.0}s] {message}");

    /// <param name="authorization">False only for same-run baselines that measure what the silos' authorization filter costs.</param>
    public Task<BenchCluster> StartClusterAsync(bool authorization = true) => BenchCluster.StartAsync(Options.Verbose, authorization);

    /// <summary>Operations failed under measurement: report them and fail the run (a benchmark of errors is no benchmark).</summary>
    public void CheckErrors(string what, LoadResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Errors > 0)
        {
            Report.Errors.Add($"{what}: {result.Errors} of {result.Operations + result.Errors} operations failed, first: {result.FirstError}");
        }
    }
}
