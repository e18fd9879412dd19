namespace Aitbc.Orleans.Ledger;

/// <summary>A persisted movement with the balances after it.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.LedgerEntry")]
public sealed record LedgerEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] LedgerOperation Operation,
    [property: Id(2)] decimal AppliedAmount,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] decimal BalanceAfter,
    [property: Id(5)] decimal StakeAfter,
    [property: Id(6)] decimal EscrowAfter);
