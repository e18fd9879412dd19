namespace Aitbc.Orleans.Ledger;

[GenerateSerializer, Alias("aitbc.EscrowGrainState")]
public sealed class EscrowGrainState
{
    [Id(0)] public EscrowStatus Status { get; set; }
    [Id(1)] public string? Payer { get; set; }
    [Id(2)] public decimal Amount { get; set; }
    [Id(3)] public string? Payee { get; set; }
    [Id(4)] public decimal PaidToPayee { get; set; }
    [Id(5)] public decimal Fee { get; set; }
    [Id(6)] public decimal Charged { get; set; }
}
