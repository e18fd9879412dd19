namespace Aitbc.Orleans.Ledger;

[GenerateSerializer, Immutable, Alias("aitbc.AccountSnapshot")]
public sealed record AccountSnapshot(
    [property: Id(0)] string AccountId,
    [property: Id(1)] decimal Balance,
    [property: Id(2)] decimal Stake,
    [property: Id(3)] decimal Escrow,
    [property: Id(4)] decimal Earned,
    [property: Id(5)] IReadOnlyList<LedgerEntry> RecentEntries,
    [property: Id(6)] IReadOnlyList<LedgerEntry> Slashes);
