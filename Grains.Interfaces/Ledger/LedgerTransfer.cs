namespace Aitbc.Orleans.Ledger;

/// <summary>
/// Money moving from one account's outbox to a payee: the sum of the captures (Items of them) sealed under this
/// source's next sequence number. Sequences per (source, payee) start at 1 and are delivered in order, one at a time,
/// so the payee's last applied sequence per source is all it needs to apply each batch exactly once.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.LedgerTransfer")]
public sealed record LedgerTransfer(
    [property: Id(0)] string Source,
    [property: Id(1)] long Sequence,
    [property: Id(2)] decimal Amount,
    [property: Id(3)] int Items,
    [property: Id(4)] string Reason);
