using Orleans.Concurrency;

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

    /// <summary>
    /// A batch from another account's outbox (earnings, platform fees): applied once per source and sequence, then
    /// acknowledged back to the source. One-way, so two accounts paying each other never wait on each other.
    /// </summary>
    [Alias("Receive"), OneWay]
    Task Receive(LedgerTransfer transfer);

    /// <summary>The payee has applied this account's batches up to and including this sequence.</summary>
    [Alias("Acknowledge"), OneWay]
    Task Acknowledge(string payee, long sequence);
}
