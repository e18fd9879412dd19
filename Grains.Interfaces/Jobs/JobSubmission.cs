using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Models.Licensing;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Jobs;

/// <summary>
/// A submitter's job, already validated by the gateway. Either QuoteId or MaxPrice caps what is charged. ExcludedGpus,
/// VerifiesJobId and PinnedGpu are the cluster's own (verification checks, hardware challenges); the gateway never sets them.
/// A job with a BookingId runs only on that booking's GPU, within its window, for the booking's tenant, and is covered by
/// the booking (charged 0).
/// Precision pins a variant (null: the cluster picks the one that fits the GPU); Use is what the submitter uses the model
/// for, checked against its license.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.JobSubmission")]
public sealed record JobSubmission(
    [property: Id(0)] string TenantAccountId,
    [property: Id(1)] string ModelId,
    [property: Id(2)] JobType JobType,
    [property: Id(3)] IReadOnlyDictionary<string, TensorData> Inputs,
    [property: Id(4)] LatencyClass LatencyClass,
    [property: Id(5)] GeoPoint Client,
    [property: Id(6)] string? QuoteId,
    [property: Id(7)] decimal? MaxPrice,
    [property: Id(8)] string? IdempotencyKey,
    [property: Id(9)] bool RequireAttestation = false,
    [property: Id(10)] bool PreferCloud = false,
    [property: Id(11)] double Complexity = 1.0,
    [property: Id(12)] IReadOnlyList<string>? ExcludedGpus = null,
    [property: Id(13)] string? VerifiesJobId = null,
    [property: Id(14)] string? PinnedGpu = null,
    [property: Id(15)] string? BookingId = null,
    [property: Id(16)] Precision? Precision = null,
    [property: Id(17)] ModelUse Use = ModelUse.Commercial)
{
    /// <summary>A hardware challenge: pinned to one GPU, submitted by the cluster for the platform's account.</summary>
    public bool IsChallenge => PinnedGpu is not null;

    /// <summary>The cluster's own check of a miner (re-execution or hardware challenge): platform-paid, no fee, never sampled.</summary>
    public bool IsPlatformCheck => IsVerificationCheck || IsChallenge;

    /// <summary>A re-execution that checks another job (submitted by the cluster for the platform's account, never sampled itself).</summary>
    public bool IsVerificationCheck => VerifiesJobId is not null;
}
