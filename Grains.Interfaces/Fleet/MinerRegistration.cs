namespace Aitbc.Orleans.Fleet;

/// <summary>A miner's identity and its GPUs. The public key verifies its signed results.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.MinerRegistration")]
public sealed record MinerRegistration(
    [property: Id(0)] string MinerId,
    [property: Id(1)] string OwnerAccountId,
    [property: Id(2)] string PublicKey,
    [property: Id(3)] IReadOnlyList<GpuRegistration> Gpus,
    [property: Id(4)] string Version,
    [property: Id(5)] bool Simulated = false);
