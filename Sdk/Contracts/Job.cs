using System.Text.Json.Serialization;

namespace Aitbc.Orleans.Sdk.Contracts;

/// <summary>A job as its submitter sees it: status, outputs, where it ran, what it cost and where the time went.</summary>
public sealed record Job
{
    public required string JobId { get; init; }

    public JobStatus Status { get; init; }

    public string ModelId { get; init; } = "";

    public LatencyClass LatencyClass { get; init; }

    public Location? Client { get; init; }

    public string? GpuId { get; init; }

    public string? Region { get; init; }

    public PoolKind? Pool { get; init; }

    public bool FellBackToCloud { get; init; }

    public decimal PriceHeld { get; init; }

    public decimal? PriceCharged { get; init; }

    public string Currency { get; init; } = "";

    public string? QuoteId { get; init; }

    /// <summary>Named output tensors once completed (listings omit them).</summary>
    public IReadOnlyDictionary<string, Tensor>? Outputs { get; init; }

    public string? Error { get; init; }

    public JobTimings? Timings { get; init; }

    public IReadOnlyList<JobAttempt> Attempts { get; init; } = [];

    public string? ExecutionProvider { get; init; }

    public string? MinerSignature { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Grows with every change; the event stream's id.</summary>
    public int Version { get; init; }

    public JobType JobType { get; init; }

    /// <summary>A private job's result once completed: the output ciphertext, which only the submitter's secret key opens (listings omit it).</summary>
    public byte[]? EncryptedOutput { get; init; }

    [JsonIgnore]
    public bool IsTerminal => Status is JobStatus.Completed or JobStatus.Failed or JobStatus.Cancelled;
}
