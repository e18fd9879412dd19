namespace Aitbc.Orleans.Ledger;

/// <summary>
/// One requested movement. OperationId makes it idempotent: an account applies a given id once and answers the
/// same result to every repeat, which is what makes escrow and settlement exactly-once across retries.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.LedgerOperation")]
public sealed record LedgerOperation(
    [property: Id(0)] string OperationId,
    [property: Id(1)] LedgerOperationKind Kind,
    [property: Id(2)] decimal Amount,
    [property: Id(3)] string Reason,
    [property: Id(4)] string? Reference = null,
    [property: Id(5)] SlashReason? SlashReason = null,
    [property: Id(6)] string? Evidence = null);
