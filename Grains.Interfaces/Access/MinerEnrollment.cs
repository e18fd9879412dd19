using Aitbc.Orleans.Fleet;

namespace Aitbc.Orleans.Access;

/// <summary>
/// A miner known to the platform: its public key (base64 SPKI), who enrolled it, and its current credential.
/// <see cref="Pool"/> and <see cref="Attested"/> are the operators' admission of the miner; a miner's own
/// registration cannot raise them.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.MinerEnrollment")]
public sealed record MinerEnrollment(
    [property: Id(0)] string MinerId,
    [property: Id(1)] string OwnerAccountId,
    [property: Id(2)] string PublicKey,
    [property: Id(3)] string? Name,
    [property: Id(4)] DateTimeOffset EnrolledAt,
    [property: Id(5)] string CredentialKeyId,
    [property: Id(6)] PoolKind Pool = PoolKind.Edge,
    [property: Id(7)] bool Attested = false);
