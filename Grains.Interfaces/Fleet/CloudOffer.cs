using Aitbc.Orleans.Geo;

namespace Aitbc.Orleans.Fleet;

/// <summary>
/// A cloud GPU (or a provider's GPUs) that operators put into the fallback pool: the miner whose enrolment is admitted
/// to <see cref="PoolKind.Cloud"/>, the provider and instance it stands for, where it runs, and its on-demand price per
/// hour (what the platform pays the provider; the metrics compare the fleet against it).
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.CloudOffer")]
public sealed record CloudOffer(
    [property: Id(0)] string MinerId,
    [property: Id(1)] string Provider,
    [property: Id(2)] string InstanceType,
    [property: Id(3)] string GpuName,
    [property: Id(4)] int GpuCount,
    [property: Id(5)] GeoPoint Location,
    [property: Id(6)] string Region,
    [property: Id(7)] decimal PricePerHourUsd,
    [property: Id(8)] DateTimeOffset RegisteredAt,
    [property: Id(9)] string RegisteredBy);
