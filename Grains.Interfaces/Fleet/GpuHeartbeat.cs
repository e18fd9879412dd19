namespace Aitbc.Orleans.Fleet;

[GenerateSerializer, Immutable, Alias("aitbc.GpuHeartbeat")]
public sealed record GpuHeartbeat(
    [property: Id(0)] string GpuId,
    [property: Id(1)] GpuTelemetry Telemetry);
