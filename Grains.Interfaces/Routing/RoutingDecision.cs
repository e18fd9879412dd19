using Aitbc.Orleans.Fleet;

namespace Aitbc.Orleans.Routing;

/// <summary>
/// The chosen and already reserved GPU, or "no capacity" with the reason and the rejection counts. <see cref="Warm"/>:
/// the GPU's summary said its miner holds the model.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.RoutingDecision")]
public sealed record RoutingDecision(
    [property: Id(0)] bool Routed,
    [property: Id(1)] GpuRoutingSummary? Gpu,
    [property: Id(2)] string? Region,
    [property: Id(3)] double EstimatedRttMs,
    [property: Id(4)] double Score,
    [property: Id(5)] bool FellBackToCloud,
    [property: Id(6)] string? NoCapacityReason,
    [property: Id(7)] IReadOnlyDictionary<string, int> Rejections,
    [property: Id(8)] int CandidatesConsidered,
    [property: Id(9)] bool Warm = false);
