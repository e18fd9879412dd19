using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Gateway.Tensors;
using Aitbc.Orleans.Jobs;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>
/// A job as its submitter sees it: status, outputs, where it ran (GPU, region, edge or cloud), price and timings. A
/// private job (jobType privateInference) has no outputs: its result is <c>encryptedOutput</c>, a ciphertext only the
/// submitter's secret key opens.
/// </summary>
public sealed record JobResponse(
    string JobId,
    JobStatus Status,
    string ModelId,
    LatencyClass LatencyClass,
    LocationBody Client,
    string? GpuId,
    string? Region,
    PoolKind? Pool,
    bool FellBackToCloud,
    decimal PriceHeld,
    decimal? PriceCharged,
    string Currency,
    string? QuoteId,
    Dictionary<string, TensorResponse>? Outputs,
    string? Error,
    JobTimings Timings,
    IReadOnlyList<JobAttemptRecord> Attempts,
    string? ExecutionProvider,
    string? MinerSignature,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    int Version,
    JobType JobType,
    [property: System.ComponentModel.Description("A private job's result: the output ciphertext (base64), once completed (listings omit it).")]
    byte[]? EncryptedOutput,
    [property: System.ComponentModel.Description("The model variant the GPU ran: fp32, fp16 or int8.")]
    Precision? Precision,
    [property: System.ComponentModel.Description("Whether the GPU already held the model when it was chosen (no download).")]
    bool Warm,
    [property: System.ComponentModel.Description("The part of the charge paid to the model's owner under its license.")]
    decimal Royalty,
    [property: System.ComponentModel.Description(
        "Absent unless the job was drawn for a check by re-execution: pending (the result is delivered, the charge settles on the verdict), " +
        "then confirmed, primaryWrong (the outputs are replaced by the majority's), verifierWrong, inconclusive or unverified.")]
    string? Verification,
    [property: System.ComponentModel.Description(
        "True for a moment after the job ends: its status and charge are final, and the charge (or the refund of a failed job's hold) " +
        "is still being applied to the account, so the balance may not show it yet.")]
    bool SettlementPending)
{
    public static JobResponse From(JobView view, string currency, bool includeOutputs = true)
    {
        ArgumentNullException.ThrowIfNull(view);
        var isPrivate = view.JobType == JobType.PrivateInference;
        var outputs = includeOutputs && view.Outputs is not null && !isPrivate
            ? view.Outputs.ToDictionary(o => o.Key, o => TensorJson.Write(o.Value), StringComparer.Ordinal)
            : null;
        var encrypted = includeOutputs && isPrivate && view.Outputs?.GetValueOrDefault(PrivateJob.CiphertextOutput) is { } ciphertext
            ? ciphertext.Data
            : null;
        return new JobResponse(
            view.JobId, view.Status, view.ModelId, view.LatencyClass, new LocationBody(view.Client.Latitude, view.Client.Longitude),
            view.GpuId, view.Region, view.Pool, view.FellBackToCloud, view.PriceHeld, view.PriceCharged, currency, view.QuoteId,
            outputs, view.Error, view.Timings, view.Attempts, view.ExecutionProvider, view.MinerSignature, view.CreatedAt,
            view.FinishedAt, view.Version, view.JobType, encrypted, view.Precision, view.Warm, view.Royalty, VerificationText.Of(view),
            view.SettlementPending);
    }
}
