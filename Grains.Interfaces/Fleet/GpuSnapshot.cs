using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Geo;

namespace Aitbc.Orleans.Fleet;

/// <summary>The full readable view of one GPU, for owners, operators and the API.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.GpuSnapshot")]
public sealed record GpuSnapshot(
    [property: Id(0)] string GpuId,
    [property: Id(1)] string MinerId,
    [property: Id(2)] GpuProfile Profile,
    [property: Id(3)] bool ProfileKnown,
    [property: Id(4)] GeoPoint Location,
    [property: Id(5)] string Region,
    [property: Id(6)] decimal PriceFloor,
    [property: Id(7)] bool Online,
    [property: Id(8)] bool Available,
    [property: Id(9)] ThermalState Thermal,
    [property: Id(10)] GpuTelemetry? LastTelemetry,
    [property: Id(11)] DateTimeOffset? LastHeartbeat,
    [property: Id(12)] IReadOnlyList<string> ActiveJobs,
    [property: Id(13)] double QosScore,
    [property: Id(14)] QosBreakdown Qos,
    [property: Id(15)] bool Simulated,
    [property: Id(16)] PoolKind Pool,
    [property: Id(17)] GpuRoutingSummary Routing,
    [property: Id(18)] double? PowerBudgetWatts,
    [property: Id(19)] double EdgeSuitability);
