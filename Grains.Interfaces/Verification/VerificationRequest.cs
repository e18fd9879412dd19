using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Verification;

/// <summary>A sampled job's first result and what is needed to run it again elsewhere.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.VerificationRequest")]
public sealed record VerificationRequest(
    [property: Id(0)] string JobId,
    [property: Id(1)] string ModelId,
    [property: Id(2)] JobType JobType,
    [property: Id(3)] LatencyClass LatencyClass,
    [property: Id(4)] GeoPoint Client,
    [property: Id(5)] IReadOnlyDictionary<string, TensorData> Inputs,
    [property: Id(6)] VerificationRun Primary,
    [property: Id(7)] decimal PricePerRun,
    [property: Id(8)] Fleet.Profiles.Precision? Precision = null);
