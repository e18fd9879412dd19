namespace Aitbc.Orleans.Ledger;

/// <summary>
/// The money of one job or booking. Hold once, then either settle (payer's escrow captured, payee credited less the
/// platform fee) or refund, exactly once, whatever retries and restarts happen in between.
/// </summary>
[Alias("aitbc.IEscrowGrain")]
public interface IEscrowGrain : IGrainWithStringKey
{
    [Alias("Hold")]
    Task<EscrowView> Hold(string payerAccountId, decimal amount);

    [Alias("Settle")]
    Task<EscrowView> Settle(string payeeAccountId, decimal amount);

    [Alias("Refund")]
    Task<EscrowView> Refund();

    [Alias("Get")]
    Task<EscrowView> Get();
}
