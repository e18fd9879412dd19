namespace Aitbc.Orleans.Ledger;

[GenerateSerializer, Alias("aitbc.EscrowStatus")]
public enum EscrowStatus
{
    None = 0,
    Held = 1,
    Settled = 2,
    Refunded = 3,
}
