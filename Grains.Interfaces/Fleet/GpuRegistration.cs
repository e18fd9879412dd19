using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Geo;

namespace Aitbc.Orleans.Fleet;

/// <summary>What a miner tells the cluster about one of its GPUs when it (re)registers.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.GpuRegistration")]
public sealed record GpuRegistration(
    [property: Id(0)] string GpuId,
    [property: Id(1)] string MinerId,
    [property: Id(2)] string ReportedName,
    [property: Id(3)] long MemoryMb,
    [property: Id(4)] GpuVendor Vendor,
    [property: Id(5)] string ExecutionProvider,
    [property: Id(6)] GeoPoint Location,
    [property: Id(7)] decimal PriceFloor,
    [property: Id(8)] double? PowerBudgetWatts,
    [property: Id(9)] AvailabilitySchedule? Schedule,
    [property: Id(10)] int Concurrency = 1,
    [property: Id(11)] bool Simulated = false,
    [property: Id(12)] PoolKind Pool = PoolKind.Edge,
    [property: Id(13)] bool Attested = false);
