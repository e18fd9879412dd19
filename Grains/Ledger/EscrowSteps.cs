namespace Aitbc.Orleans.Ledger;

/// <summary>
/// The ledger steps of one escrow (a job's or a booking's), shared by the job grain and the booking escrow: the same
/// reference and operation ids wherever they run, so either can repeat a step after a crash and the payer's account
/// applies it once.
/// </summary>
public static class EscrowSteps
{
    /// <param name="watchesJob">The hold is a job's (<paramref name="reference"/> is its id): the payer's account nudges the job while it is open.</param>
    public static Task<LedgerResult> Hold(IAccountGrain payer, string reference, decimal amount, bool watchesJob = false) =>
        payer.Apply(new LedgerOperation($"escrow:{reference}:hold", LedgerOperationKind.Hold, amount, "escrow hold", reference, WatchesJob: watchesJob));

    /// <summary>Captures <paramref name="charged"/> (less the fee to the payee, the fee to the platform) and returns the rest of the hold.</summary>
    /// <param name="royalty">A model's royalty, paid out of <paramref name="charged"/> to <paramref name="royaltyPayee"/> in the same step.</param>
    public static Task<LedgerResult> Settle(
        IAccountGrain payer, string reference, decimal charged, string payee, decimal fee, decimal royalty = 0, string? royaltyPayee = null) =>
        payer.Apply(new LedgerOperation(
            $"escrow:{reference}:settle", LedgerOperationKind.Settle, charged, "escrow settled", reference, Counterparty: payee, Fee: fee,
            Royalty: royalty, RoyaltyPayee: royaltyPayee));

    public static Task<LedgerResult> Refund(IAccountGrain payer, string reference, decimal amount) =>
        payer.Apply(new LedgerOperation($"escrow:{reference}:refund", LedgerOperationKind.Refund, amount, "escrow refund", reference));

    /// <summary>The platform's share of a charge, rounded down to 6 decimals.</summary>
    public static decimal FeeOf(decimal charged, decimal rate) => decimal.Round(charged * rate, 6, MidpointRounding.ToZero);
}
