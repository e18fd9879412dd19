namespace Aitbc.Orleans.Ledger;

/// <summary>Well-known account ids.</summary>
public static class LedgerAccounts
{
    /// <summary>Receives the platform fee of every settled job.</summary>
    public const string Platform = "platform";

    /// <summary>The account of a miner's owner for earnings and stake.</summary>
    public static string ForMiner(string minerId) => $"miner:{minerId}";
}
