namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// Grain calls and grain-state writes per job between two moments of the development system, from its call counter
/// and its write counter; a job is one <c>IJobGrain.Submit</c>.
/// </summary>
public sealed class JobCosts
{
    private readonly GrainCallCounter _calls;
    private readonly StorageWriteCounter _writes;
    private readonly IReadOnlyDictionary<string, long> _callsBefore;
    private readonly IReadOnlyDictionary<string, long> _writesBefore;

    private JobCosts(GrainCallCounter calls, StorageWriteCounter writes)
    {
        _calls = calls;
        _writes = writes;
        _callsBefore = calls.Snapshot();
        _writesBefore = writes.Snapshot();
    }

    /// <summary>Starts counting now.</summary>
    public static JobCosts Start(GrainCallCounter calls, StorageWriteCounter writes)
    {
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(writes);
        return new JobCosts(calls, writes);
    }

    public double CallsPerJob { get; private set; }

    public double AppCallsPerJob { get; private set; }

    public double WritesPerJob { get; private set; }

    /// <summary>The calls per job by method, largest first (the first 30), for the log.</summary>
    public string CallBreakdown { get; private set; } = "";

    /// <summary>The writes per job by state name, for the log.</summary>
    public string WriteBreakdown { get; private set; } = "";

    /// <summary>Takes the counts since <see cref="Start"/>.</summary>
    public JobCosts Stop()
    {
        var calls = GrainCallCounter.Difference(_callsBefore, _calls.Snapshot()).ToArray();
        var written = GrainCallCounter.Difference(_writesBefore, _writes.Snapshot()).ToArray();
        var jobs = (double)Math.Max(1, calls.Where(c => c.Method.EndsWith("IJobGrain.Submit", StringComparison.Ordinal)).Sum(c => c.Calls));
        CallsPerJob = calls.Sum(c => c.Calls) / jobs;
        AppCallsPerJob = calls.Where(c => c.Method.StartsWith("Aitbc.", StringComparison.Ordinal)).Sum(c => c.Calls) / jobs;
        WritesPerJob = written.Sum(c => c.Calls) / jobs;
        CallBreakdown = string.Join(", ", calls.Take(30).Select(c => $"{c.Method} {c.Calls / jobs:0.00}"));
        WriteBreakdown = string.Join(", ", written.Select(c => $"{c.Method} {c.Calls / jobs:0.00}"));
        return this;
    }

    public override string ToString() =>
        $"{CallsPerJob:0.0} grain calls per job ({AppCallsPerJob:0.0} to Aitbc grains): {CallBreakdown}; {WritesPerJob:0.0} storage writes per job: {WriteBreakdown}";
}
