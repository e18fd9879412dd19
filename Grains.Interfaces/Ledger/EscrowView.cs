namespace Aitbc.Orleans.Ledger;

[GenerateSerializer, Immutable, Alias("aitbc.EscrowView")]
public sealed record EscrowView(
    [property: Id(0)] string EscrowId,
    [property: Id(1)] EscrowStatus Status,
    [property: Id(2)] string? Payer,
    [property: Id(3)] decimal Amount,
    [property: Id(4)] string? Payee,
    [property: Id(5)] decimal PaidToPayee,
    [property: Id(6)] decimal Fee,
    [property: Id(7)] string? Error);
