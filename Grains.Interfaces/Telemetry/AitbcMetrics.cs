using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Aitbc.Orleans.Telemetry;

/// <summary>The project's own meter and activity source ("Aitbc"), exported next to the Orleans meters.</summary>
public static class AitbcMetrics
{
    public static readonly Meter Meter = new(AitbcConstants.MeterName, "1.0");
    public static readonly ActivitySource ActivitySource = new(AitbcConstants.ActivitySourceName);

    public static readonly Counter<long> JobsAccepted = Meter.CreateCounter<long>("aitbc.jobs.accepted", description: "Jobs accepted by the cluster");
    public static readonly Counter<long> JobsCompleted = Meter.CreateCounter<long>("aitbc.jobs.completed", description: "Jobs completed");
    public static readonly Counter<long> JobsFailed = Meter.CreateCounter<long>("aitbc.jobs.failed", description: "Jobs failed or cancelled");
    public static readonly Counter<long> JobReroutes = Meter.CreateCounter<long>("aitbc.jobs.reroutes", description: "Attempts that ended in a re-route");
    public static readonly Counter<long> Heartbeats = Meter.CreateCounter<long>("aitbc.fleet.heartbeats", description: "GPU heartbeats ingested");
    public static readonly Counter<long> SubmissionsShed = Meter.CreateCounter<long>("aitbc.gateway.submissions_shed", description: "Job submissions a gateway refused with 503 because it held its limit of submissions in flight");
    public static readonly Histogram<double> SchedulingLag = Meter.CreateHistogram<double>("aitbc.gateway.scheduling_lag", "ms", "How far behind a gateway's submissions run, sampled ten times a second: the wait in its thread pool queue or, for a gateway in its own process, the silos' answer to a ping if later; what lowers its bound on submissions");
    public static readonly Counter<long> CallsDenied = Meter.CreateCounter<long>("aitbc.trust.calls_denied", description: "Client grain calls refused by the silos' authorization filter");
    public static readonly Histogram<double> MemoryTrimPause = Meter.CreateHistogram<double>("aitbc.silo.memory_trim.duration", "ms", "Pause of an idle silo's memory trim (one aggressive collection)");
    public static readonly Counter<long> MemoryTrimReturned = Meter.CreateCounter<long>("aitbc.silo.memory_trim.returned", "By", "GC memory an idle silo's trims gave back to the operating system");

    /// <summary>The name of <see cref="JobStageDuration"/>, for listeners (match by name: they may be told of it while this class initialises).</summary>
    public const string JobStageInstrument = "aitbc.jobs.stage.duration";

    /// <summary>The tag of <see cref="JobStageDuration"/> that names the step.</summary>
    public const string JobStageTag = "stage";

    public static readonly Histogram<double> JobStageDuration = Meter.CreateHistogram<double>(JobStageInstrument, "ms", "Time a job spends in each step of its path (tag stage): where a slow job's time went");
    public static readonly Histogram<double> RoutingLatency = Meter.CreateHistogram<double>("aitbc.routing.duration", "ms", "Time to route and reserve");

    /// <summary>Records one step of a job's path that began at <paramref name="since"/> (a stopwatch timestamp) and returns now, where the next step begins.</summary>
    public static long JobStage(string stage, long since)
    {
        var now = Stopwatch.GetTimestamp();
        JobStage(stage, Stopwatch.GetElapsedTime(since, now).TotalMilliseconds);
        return now;
    }

    /// <summary>Records one step of a job's path that took <paramref name="milliseconds"/>.</summary>
    public static void JobStage(string stage, double milliseconds)
    {
        if (JobStageDuration.Enabled)
        {
            JobStageDuration.Record(milliseconds, new KeyValuePair<string, object?>(JobStageTag, stage));
        }
    }

    /// <summary>For a listener: whether <paramref name="instrument"/> is <see cref="JobStageDuration"/>, matched by name.</summary>
    public static bool IsJobStage(Instrument instrument) =>
        instrument.Meter.Name == AitbcConstants.MeterName && instrument.Name == JobStageInstrument;

    /// <summary>For a listener: the step a <see cref="JobStageDuration"/> measurement's tags name, or null.</summary>
    public static string? StageOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag is { Key: JobStageTag, Value: string stage })
            {
                return stage;
            }
        }

        return null;
    }
}
