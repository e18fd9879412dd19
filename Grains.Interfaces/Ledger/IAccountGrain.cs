namespace Aitbc.Orleans.Ledger;

/// <summary>One ledger account: balance, stake and escrow holds, with every movement persisted as an entry.</summary>
[Alias("aitbc.IAccountGrain")]
public interface IAccountGrain : IGrainWithStringKey
{
    [Alias("Apply")]
    Task<LedgerResult> Apply(LedgerOperation operation);

    [Alias("GetSnapshot")]
    Task<AccountSnapshot> GetSnapshot();

    /// <summary>How many slashes of this reason the account has had: drives escalation.</summary>
    [Alias("CountSlashes")]
    Task<int> CountSlashes(SlashReason reason);
}
