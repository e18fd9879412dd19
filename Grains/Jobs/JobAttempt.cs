using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Profiles;

namespace Aitbc.Orleans.Jobs;

/// <summary>
/// The attempt a job is on: where it was routed, at what price, and when it was handed to the miner. Replaced as a
/// whole on every change, so nothing of an earlier attempt lingers in fields that would have to be cleared by hand.
/// Precision is the variant the GPU was sent; Warm, whether routing saw the model warm on it.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.JobAttempt")]
public sealed record JobAttempt(
    [property: Id(0)] int Number,
    [property: Id(1)] string GpuId,
    [property: Id(2)] string MinerId,
    [property: Id(3)] string Region,
    [property: Id(4)] PoolKind Pool,
    [property: Id(5)] DateTimeOffset DispatchedAt,
    [property: Id(6)] decimal Price,
    [property: Id(7)] double EstimatedRttMs,
    [property: Id(8)] bool FellBackToCloud,
    [property: Id(9)] int SameGpuRetries,
    [property: Id(10)] double QosScore = 0,
    [property: Id(11)] Precision Precision = Precision.Fp32,
    [property: Id(12)] bool Warm = false)
{
    /// <summary>The GPU booking this attempt holds (the router reserves under it; the job releases it).</summary>
    public string BookingId(string jobId) => $"{jobId}#{Number}";
}
