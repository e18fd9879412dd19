namespace Aitbc.Orleans.Ledger;

[GenerateSerializer, Alias("aitbc.LedgerOperationKind")]
public enum LedgerOperationKind
{
    /// <summary>Money in (top-up, earnings, fee income).</summary>
    Credit = 0,
    /// <summary>Balance → escrow under a reference (a job or booking).</summary>
    Hold = 1,
    /// <summary>Escrow under a reference leaves the account (paid to someone else).</summary>
    Capture = 2,
    /// <summary>Escrow under a reference returns to the balance.</summary>
    Refund = 3,
    /// <summary>Balance → stake.</summary>
    Stake = 4,
    /// <summary>Stake → balance.</summary>
    Unstake = 5,
    /// <summary>Stake forfeited for a rule violation, with evidence.</summary>
    Slash = 6,
    /// <summary>
    /// Escrow under a reference ends in one step: Amount is captured (Amount less Fee goes to Counterparty, Fee to the
    /// platform, both by batched transfer) and whatever else the reference holds returns to the balance.
    /// </summary>
    Settle = 7,
}
