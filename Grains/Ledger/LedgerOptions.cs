namespace Aitbc.Orleans.Ledger;

/// <summary>Outbox delivery between accounts. Bound from "Aitbc:Ledger".</summary>
public sealed class LedgerOptions
{
    /// <summary>
    /// How long captures gather before they are sealed into one batch per payee: a busy tenant pays each miner and the
    /// platform one batch per this interval, not one write per job.
    /// </summary>
    public TimeSpan TransferDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How often a sealed batch that has not been acknowledged is sent again.</summary>
    public TimeSpan TransferRetry { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Period of the reminder that resumes deliveries after an account's activation was lost (Orleans' minimum is 1 minute).</summary>
    public TimeSpan DeliveryReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
