using Aitbc.Orleans.Geo;

namespace Aitbc.Orleans.Fleet;

/// <summary>
/// The part of a GPU's state that routing needs. Regions keep these in their index; a GPU pushes a new one only when a
/// field changes, not on every heartbeat, so heartbeats stay local to the GPU grain. <see cref="WarmModels"/> is the
/// models its miner holds, as <see cref="Models.WarmModels"/> filter bits (what the miner's heartbeat reports).
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.GpuRoutingSummary")]
public sealed record GpuRoutingSummary(
    [property: Id(0)] string GpuId,
    [property: Id(1)] string MinerId,
    [property: Id(2)] string ProfileName,
    [property: Id(3)] GeoPoint Location,
    [property: Id(4)] double VramGb,
    [property: Id(5)] double Fp16Tflops,
    [property: Id(6)] double Int8Tops,
    [property: Id(7)] string ExecutionProvider,
    [property: Id(8)] decimal PriceFloor,
    [property: Id(9)] bool Available,
    [property: Id(10)] ThermalState Thermal,
    [property: Id(11)] bool Routable,
    [property: Id(12)] string? NotRoutableReason,
    [property: Id(13)] double QosScore,
    [property: Id(14)] double MeasuredRttMs,
    [property: Id(15)] int FreeSlots,
    [property: Id(16)] PoolKind Pool,
    [property: Id(17)] bool Attested,
    [property: Id(18)] bool Simulated,
    [property: Id(19)] double ThermalHeadroomC,
    [property: Id(20)] double Fp32Tflops,
    [property: Id(21)] ulong WarmModels = 0);
