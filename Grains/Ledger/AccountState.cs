namespace Aitbc.Orleans.Ledger;

/// <summary>
/// An account as stored. Everything here is bounded: holds by the account's open escrows, the operation window and the
/// recent entries by fixed sizes (older entries move to history pages), the outbox by its payees, the inbox by the
/// sources that paid in within <see cref="AccountGrain.InboxRetention"/>.
/// </summary>
[GenerateSerializer, Alias("aitbc.AccountState")]
public sealed class AccountState
{
    [Id(0)] public decimal Balance { get; set; }
    [Id(1)] public decimal Stake { get; set; }

    /// <summary>Open escrows by reference: the per-escrow progress that makes every escrow step idempotent.</summary>
    [Id(2)] public Dictionary<string, decimal> Holds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The recent entries; older ones are archived in pages (IAccountHistoryGrain).</summary>
    [Id(3)] public List<LedgerEntry> Entries { get; set; } = [];

    // Id 4 held the unbounded set of every applied operation id; it is no longer written and is skipped when read.
    [Id(5)] public long Sequence { get; set; }
    [Id(6)] public decimal Earned { get; set; }

    /// <summary>The most recent slashes with their evidence; <see cref="SlashCounts"/> keeps the totals.</summary>
    [Id(7)] public List<LedgerEntry> Slashes { get; set; } = [];
    [Id(8)] public int ArchivedPages { get; set; }

    /// <summary>The last operations of the kinds deduplicated by id (credit, stake, unstake, slash), oldest first.</summary>
    [Id(9)] public List<AppliedOperation> RecentOperations { get; set; } = [];

    [Id(10)] public Dictionary<SlashReason, int> SlashCounts { get; set; } = [];

    /// <summary>Money captured here and owed to payees, by payee.</summary>
    [Id(11)] public Dictionary<string, PayeeOutbox> Outbox { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The last batch applied from each paying account, by source.</summary>
    [Id(12)] public Dictionary<string, InboxSource> Inbox { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Whether the reminder that resumes deliveries after a lost activation is registered.</summary>
    [Id(13)] public bool DeliveryReminder { get; set; }

    /// <summary>The last sequence number given to an outgoing batch (to any payee): never reused, so never misread as a repeat.</summary>
    [Id(14)] public long TransferSequence { get; set; }
    /// <summary>
    /// Open holds of jobs, by job id, which this account watches (<see cref="LedgerOperation.WatchesJob"/>): kept apart
    /// from <see cref="Holds"/> so the ids are not stored twice. Holds of jobs accepted before accounts watched them are in
    /// <see cref="Holds"/>, and their jobs in the watchdog shards.
    /// </summary>
    [Id(15)] public Dictionary<string, decimal> JobHolds { get; set; } = new(StringComparer.Ordinal);
}
