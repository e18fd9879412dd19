namespace Aitbc.Orleans.Ledger;

/// <summary>
/// What an account owes one payee: captures not yet batched (Open), and at most one sealed batch on its way, which
/// keeps its sequence (from the account's own counter) and amount until the payee acknowledges it. Sealing is persisted
/// before sending, so a resend after a crash carries the same sequence and amount and the payee applies it once.
/// </summary>
[GenerateSerializer, Alias("aitbc.PayeeOutbox")]
public sealed class PayeeOutbox
{
    [Id(0)] public string Reason { get; set; } = "";
    [Id(1)] public decimal OpenAmount { get; set; }
    [Id(2)] public int OpenItems { get; set; }
    [Id(3)] public LedgerTransfer? Sealed { get; set; }

    public decimal Total => OpenAmount + (Sealed?.Amount ?? 0);

    public bool IsEmpty => OpenAmount == 0 && Sealed is null;
}
