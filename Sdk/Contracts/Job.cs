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

    /// <summary>
    /// Null unless the job was drawn for a spot check by re-execution: "pending" while the check runs (the outputs are
    /// the first run's, the charge not yet settled), then "confirmed", "primaryWrong" (the outputs were replaced by the
    /// majority's), "verifierWrong", "inconclusive" or "unverified".
    /// </summary>
    public string? Verification { get; init; }

    /// <summary>
    /// True for a moment after the job ends: its status and charge are final, and the charge (or the refund of a failed
    /// job's hold) is still being applied to the account, so a balance read now may not show it yet.
    /// </summary>
    public bool SettlementPending { get; init; }

    [JsonIgnore]
    public bool IsTerminal => Status is JobStatus.Completed or JobStatus.Failed or JobStatus.Cancelled;

    /// <summary>Nothing more will change: terminal, settled, and no verification verdict still to come.</summary>
    [JsonIgnore]
    public bool IsFinal => IsTerminal && Verification != "pending" && !SettlementPending;
}
