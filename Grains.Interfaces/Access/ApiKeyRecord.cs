namespace Aitbc.Orleans.Access;

/// <summary>
/// One API key as stored: never the key itself, only its SHA-256 (KeyId), the ledger account it acts for and its
/// roles. Miner credentials also name their miner.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.ApiKeyRecord")]
public sealed record ApiKeyRecord(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string AccountId,
    [property: Id(2)] IReadOnlyList<string> Roles,
    [property: Id(3)] string? MinerId,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] string? Label,
    [property: Id(6)] DateTimeOffset? RevokedAt = null)
{
    public bool IsRevoked => RevokedAt is not null;
}
