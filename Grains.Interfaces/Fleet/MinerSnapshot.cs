namespace Aitbc.Orleans.Fleet;

/// <summary>A miner as the cluster knows it. PrefetchModels: models deployments asked it to fetch lately (it may download those).</summary>
[GenerateSerializer, Immutable, Alias("aitbc.MinerSnapshot")]
public sealed record MinerSnapshot(
    [property: Id(0)] string MinerId,
    [property: Id(1)] string OwnerAccountId,
    [property: Id(2)] string PublicKey,
    [property: Id(3)] IReadOnlyList<string> GpuIds,
    [property: Id(4)] bool Online,
    [property: Id(5)] DateTimeOffset? LastHeartbeat,
    [property: Id(6)] DateTimeOffset? RegisteredAt,
    [property: Id(7)] int Reconnects,
    [property: Id(8)] bool Simulated,
    [property: Id(9)] IReadOnlyList<string>? PrefetchModels = null);
