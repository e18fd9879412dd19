namespace Aitbc.Orleans.Ledger;

/// <summary>
/// An account's balances. Outgoing is money already captured from this account and on its way to payees in batched
/// transfers (not yet acknowledged by them). RecentEntries and Slashes are filled by GetSnapshot; the snapshot inside a
/// <see cref="LedgerResult"/> carries the balances only.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.AccountSnapshot")]
public sealed record AccountSnapshot(
    [property: Id(0)] string AccountId,
    [property: Id(1)] decimal Balance,
    [property: Id(2)] decimal Stake,
    [property: Id(3)] decimal Escrow,
    [property: Id(4)] decimal Earned,
    [property: Id(5)] IReadOnlyList<LedgerEntry> RecentEntries,
    [property: Id(6)] IReadOnlyList<LedgerEntry> Slashes,
    [property: Id(7)] decimal Outgoing = 0);
