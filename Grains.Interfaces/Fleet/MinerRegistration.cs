namespace Aitbc.Orleans.Fleet;

/// <summary>
/// A miner's identity and its GPUs, signed by the miner: <see cref="Signature"/> is its enrolled identity key's
/// ECDSA P-256 signature (IEEE P1363, base64) over <see cref="MinerRegistrationPayload.For"/>, which covers every
/// field and a fresh cluster <see cref="Challenge"/>. The public key verifies its signed results.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.MinerRegistration")]
public sealed record MinerRegistration(
    [property: Id(0)] string MinerId,
    [property: Id(1)] string OwnerAccountId,
    [property: Id(2)] string PublicKey,
    [property: Id(3)] IReadOnlyList<GpuRegistration> Gpus,
    [property: Id(4)] string Version,
    [property: Id(5)] bool Simulated = false,
    [property: Id(6)] string? Challenge = null,
    [property: Id(7)] string? Signature = null);
