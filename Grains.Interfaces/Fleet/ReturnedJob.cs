namespace Aitbc.Orleans.Fleet;

/// <summary>A job that was running on a GPU that went offline: it must be told, and routed again.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.ReturnedJob")]
public sealed record ReturnedJob(
    [property: Id(0)] string GpuId,
    [property: Id(1)] string JobId);
