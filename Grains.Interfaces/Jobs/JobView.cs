using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Tensors;
using Aitbc.Orleans.Verification;

namespace Aitbc.Orleans.Jobs;

/// <summary>
/// What a submitter sees of a job. Version grows with every change, for watchers. Precision is the model variant the
/// (last) GPU was sent, Warm whether that GPU held the model already; Royalty what the model's owner is paid of the charge.
/// A job drawn for verification shows Completed with its result as soon as the result arrives, VerificationPending
/// until the check's verdict (Verification), which may replace the outputs with the majority's; the charge is settled
/// only then. A job is shown terminal as soon as its end (with the charge decided) is written; SettlementPending stays
/// true until that charge, or the refund of a failed job's hold, has been applied to the account.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.JobView")]
public sealed record JobView(
    [property: Id(0)] string JobId,
    [property: Id(1)] string TenantAccountId,
    [property: Id(2)] string ModelId,
    [property: Id(3)] JobStatus Status,
    [property: Id(4)] LatencyClass LatencyClass,
    [property: Id(5)] GeoPoint Client,
    [property: Id(6)] string? GpuId,
    [property: Id(7)] string? Region,
    [property: Id(8)] PoolKind? Pool,
    [property: Id(9)] decimal PriceHeld,
    [property: Id(10)] decimal? PriceCharged,
    [property: Id(11)] IReadOnlyDictionary<string, TensorData>? Outputs,
    [property: Id(12)] string? Error,
    [property: Id(13)] JobTimings Timings,
    [property: Id(14)] IReadOnlyList<JobAttemptRecord> Attempts,
    [property: Id(15)] DateTimeOffset CreatedAt,
    [property: Id(16)] DateTimeOffset? FinishedAt,
    [property: Id(17)] string? ExecutionProvider,
    [property: Id(18)] string? QuoteId,
    [property: Id(19)] int Version,
    [property: Id(20)] bool FellBackToCloud,
    [property: Id(21)] string? MinerSignature,
    [property: Id(22)] JobType JobType = JobType.Inference,
    [property: Id(23)] decimal Royalty = 0,
    [property: Id(24)] Precision? Precision = null,
    [property: Id(25)] bool Warm = false,
    [property: Id(26)] bool VerificationPending = false,
    [property: Id(27)] VerificationOutcome? Verification = null,
    [property: Id(28)] bool SettlementPending = false)
{
    /// <summary>Nothing more will change: terminal, settled, and no verdict still to come.</summary>
    public bool IsFinal => Status.IsTerminal() && !VerificationPending && !SettlementPending;
}
