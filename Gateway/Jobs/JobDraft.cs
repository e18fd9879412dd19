using Aitbc.Orleans.Gateway.Contracts;

namespace Aitbc.Orleans.Gateway.Jobs;

/// <summary>
/// A submission's scalar fields as received (HTTP JSON or gRPC), not yet validated. Inputs travel separately.
/// Precision pins a model variant (fp32, fp16, int8); Use is what the model is used for (checked against its license).
/// </summary>
public sealed record JobDraft(
    string? ModelId,
    string? JobType,
    string? LatencyClass,
    LocationBody? Client,
    string? QuoteId,
    decimal? MaxPrice,
    string? IdempotencyKey,
    bool RequireAttestation,
    bool PreferCloud,
    double? Complexity,
    string? BookingId = null,
    string? Precision = null,
    string? Use = null)
{
    /// <summary>The shared fields of an HTTP submission, with its job type.</summary>
    public static JobDraft From(JobFieldsBody body, string? jobType)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new JobDraft(
            body.ModelId, jobType, body.LatencyClass, body.Client, body.QuoteId, body.MaxPrice, body.IdempotencyKey,
            body.RequireAttestation ?? false, body.PreferCloud ?? false, body.Complexity, body.BookingId, (body as JobRequestBody)?.Precision, body.Use);
    }
}
