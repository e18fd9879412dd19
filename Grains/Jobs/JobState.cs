using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Pricing;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Jobs;

[GenerateSerializer, Alias("aitbc.JobState")]
public sealed class JobState
{
    [Id(0)] public JobSubmission? Submission { get; set; }
    [Id(1)] public JobStatus Status { get; set; }
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public DateTimeOffset? FinishedAt { get; set; }
    [Id(4)] public decimal Held { get; set; }
    [Id(5)] public decimal? Charged { get; set; }
    [Id(6)] public Quote? Quote { get; set; }
    [Id(7)] public List<JobAttemptRecord> Attempts { get; set; } = [];
    [Id(8)] public string? GpuId { get; set; }
    [Id(9)] public string? MinerId { get; set; }
    [Id(10)] public string? Region { get; set; }
    [Id(11)] public PoolKind? Pool { get; set; }
    [Id(12)] public double EstimatedRttMs { get; set; }
    [Id(13)] public Dictionary<string, TensorData>? Outputs { get; set; }
    [Id(14)] public string? Error { get; set; }
    [Id(15)] public JobTimings Timings { get; set; } = JobTimings.Empty;
    [Id(16)] public int Version { get; set; }
    [Id(17)] public string? ExecutionProvider { get; set; }
    [Id(18)] public string? Signature { get; set; }
    [Id(19)] public bool FellBackToCloud { get; set; }
    [Id(20)] public string ModelSha256 { get; set; } = "";
    [Id(21)] public long ModelBytes { get; set; }
    [Id(22)] public List<string> ExcludedGpus { get; set; } = [];
    [Id(23)] public DateTimeOffset? DispatchedAt { get; set; }
    [Id(24)] public DateTimeOffset? QueuedSince { get; set; }
    [Id(25)] public bool Settled { get; set; }
    [Id(26)] public int SameGpuRetries { get; set; }
    [Id(27)] public decimal? AttemptPrice { get; set; }
}
