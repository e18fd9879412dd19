namespace Aitbc.Orleans.Fleet;

/// <summary>One GPU's heartbeat: its telemetry, and the models its miner holds ready (newest first, at most 8; a claim, used only as a routing preference).</summary>
[GenerateSerializer, Immutable, Alias("aitbc.GpuHeartbeat")]
public sealed record GpuHeartbeat(
    [property: Id(0)] string GpuId,
    [property: Id(1)] GpuTelemetry Telemetry,
    [property: Id(2)] IReadOnlyList<string>? WarmModels = null);
