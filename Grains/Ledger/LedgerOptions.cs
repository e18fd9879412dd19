namespace Aitbc.Orleans.Ledger;

/// <summary>Outbox delivery between accounts. Bound from "Aitbc:Ledger".</summary>
public sealed class LedgerOptions
{
    /// <summary>After a payee acknowledges a batch, captures that came in meanwhile wait this long to be sealed into the next one (unless a write seals them first).</summary>
    public TimeSpan TransferDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How often a sealed batch that has not been acknowledged is sent again.</summary>
    public TimeSpan TransferRetry { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Period of the reminder that resumes deliveries after an account's activation was lost (Orleans' minimum is 1 minute).</summary>
    public TimeSpan DeliveryReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
