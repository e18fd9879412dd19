using System.Diagnostics;
using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Jobs;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Ledger;

/// <summary>
/// One ledger account. Every movement is an entry with a reason and an operation id, and balance and stake never go
/// negative. Idempotency is bounded rather than a set of every id ever applied:
/// <list type="bullet">
/// <item>escrow steps by their reference (per-escrow progress): a hold is taken once while it is open, and a capture,
/// refund or settle of a reference that is no longer held is a repeat;</item>
/// <item>credits, stakes, unstakes and slashes by operation id within the last <see cref="OperationWindow"/> of them;</item>
/// <item>money between accounts (earnings, platform fees) by batched transfers numbered by their source (per-source
/// sequence numbers): the payer's outbox seals a batch, persists it, sends it one-way, and resends until the payee
/// acknowledges; the payee applies each source's batches once.</item>
/// </list>
/// A call mutates the state and answers only after the write succeeded; a failed write deactivates the account, so
/// the next call reloads what storage holds (an operation whose write failed was not applied, and a retry applies it).
/// Reentrant: every call checks and mutates without awaiting in between, then waits for the shared write, so
/// concurrent calls share writes instead of queueing one write each behind a hot account.
/// The account is also the watchdog of the jobs it holds money for (<see cref="LedgerOperation.WatchesJob"/>): its hold
/// is the job's first durable trace, so a reminder that nudges every job with an open hold brings back any job whose
/// activation was lost and refunds a submission that never became durable, and a job costs no registration write.
/// </summary>
[Reentrant]
public sealed class AccountGrain(
    [PersistentState("account", AitbcConstants.GrainStorage)] IPersistentState<AccountState> state,
    IOptions<LedgerOptions> ledgerOptions,
    IOptions<JobOptions> jobOptions,
    DomainTime time,
    ILogger<AccountGrain> logger) : Grain, IAccountGrain, IRemindable
{
    /// <summary>How many credits, stakes, unstakes and slashes an account remembers by operation id.</summary>
    public const int OperationWindow = 1024;

    /// <summary>How long an account remembers a source that paid it; a source resends within seconds, never this late.</summary>
    public static readonly TimeSpan InboxRetention = TimeSpan.FromDays(30);

    /// <summary>
    /// Entries kept in the state after archiving; the state holds between this and twice this many. Every write carries
    /// them (a busy tenant's account is written about twice per job), so fewer kept entries is fewer bytes per job; a
    /// history page is written once per this many entries.
    /// </summary>
    private const int KeptEntries = 16;
    private const int SnapshotEntries = 50;
    private const int KeptSlashes = 50;
    private const string DeliveryReminderName = "ledger-delivery";
    private const string JobWatchReminderName = "job-holds";

    private readonly LedgerOptions _options = ledgerOptions.Value;
    private readonly List<Task> _archives = [];
    private HashSet<string>? _recentIds;
    private IGrainTimer? _delivery;

    /// <summary>When <see cref="_delivery"/> fires (process clock): a later request never pushes it back.</summary>
    private long _deliveryDue;

    /// <summary>
    /// When each payee's sealed batch was last sent (process clock), so a delivery resends only batches left unacknowledged
    /// for <see cref="LedgerOptions.TransferRetry"/>, not every batch still on its way. Empty after an activation: the
    /// first delivery resends all.
    /// </summary>
    private readonly Dictionary<string, long> _sentAt = new(StringComparer.Ordinal);
    private GroupCommit? _commits;

    /// <summary>Whether the next write seals what is owed into batches (set by the delivery timer, so payouts batch over TransferDelay).</summary>
    private bool _sealDue;

    /// <summary>The last entry sequence known to be in storage: only entries up to it may move to a history page.</summary>
    private long _durableSequence;

    /// <summary>
    /// The sum of the open holds, kept as they change (every entry and answer reports it, and a busy tenant has as many
    /// holds as jobs in flight: summing them each time made the account slower the more it had waiting).
    /// </summary>
    private decimal _escrow;

    /// <summary>Whether this activation knows the job-watch reminder registered (held only under <see cref="_watchGate"/> when set from false).</summary>
    private bool _watching;

    /// <summary>Holds of jobs between finding the reminder missing and being recorded: the reminder is not dropped while any is.</summary>
    private int _jobHoldsJoining;

    /// <summary>One registration or removal of the job-watch reminder at a time.</summary>
    private readonly SemaphoreSlim _watchGate = new(1, 1);

    /// <summary>What the outbox owes in all, kept as it changes: every answer reports it, and a tenant paying a large fleet owes many payees at once.</summary>
    private decimal _outgoing;

    private AccountState S => state.State;
    private string AccountId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _durableSequence = S.Sequence;
        _escrow = (S.Holds.Count == 0 ? 0 : S.Holds.Values.Sum()) + (S.JobHolds.Count == 0 ? 0 : S.JobHolds.Values.Sum());
        _outgoing = S.Outbox.Count == 0 ? 0 : S.Outbox.Values.Sum(b => b.Total);
        // Rows written before slash totals existed carry only the slash list.
        if (S.SlashCounts.Count == 0 && S.Slashes.Count > 0)
        {
            foreach (var slash in S.Slashes.Where(s => s.Operation.SlashReason is not null))
            {
                S.SlashCounts[slash.Operation.SlashReason!.Value] = S.SlashCounts.GetValueOrDefault(slash.Operation.SlashReason.Value) + 1;
            }
        }

        if (S.Outbox.Count > 0)
        {
            ScheduleDelivery(TimeSpan.Zero);
        }

        if (S.JobHolds.Count > 0)
        {
            // A previous activation may have dropped the reminder on a removal that never reached storage.
            await WatchJobs();
        }
    }

    public async Task<LedgerResult> Apply(LedgerOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (operation.Amount < 0 || operation.Fee < 0 || string.IsNullOrWhiteSpace(operation.OperationId))
        {
            return Refused("amount and fee must be non-negative and the operation id non-empty");
        }

        if (IsEscrowStep(operation.Kind))
        {
            return await ApplyEscrowStep(operation);
        }

        if (RecentIds.Contains(operation.OperationId))
        {
            var earlier = S.RecentOperations.Last(o => o.OperationId == operation.OperationId);
            await Commits.Durable();
            return new LedgerResult(true, true, null, earlier.Amount, Light());
        }

        var applied = operation.Amount;
        switch (operation.Kind)
        {
            case LedgerOperationKind.Credit:
                S.Balance += applied;
                if (operation.Reference is not null)
                {
                    S.Earned += applied;
                }

                break;
            case LedgerOperationKind.Stake:
                if (S.Balance < applied)
                {
                    return Refused($"insufficient balance to stake: {S.Balance} available");
                }

                S.Balance -= applied;
                S.Stake += applied;
                break;
            case LedgerOperationKind.Unstake:
                if (S.Stake < applied)
                {
                    return Refused($"stake is {S.Stake}, cannot unstake {applied}");
                }

                S.Stake -= applied;
                S.Balance += applied;
                break;
            case LedgerOperationKind.Slash:
                applied = Math.Min(applied, S.Stake);
                S.Stake -= applied;
                break;
            default:
                return Refused($"unknown operation kind {operation.Kind}");
        }

        var entry = Record(operation, applied);
        S.RecentOperations.Add(new AppliedOperation(operation.OperationId, applied));
        RecentIds.Add(operation.OperationId);
        if (S.RecentOperations.Count > OperationWindow)
        {
            RecentIds.Remove(S.RecentOperations[0].OperationId);
            S.RecentOperations.RemoveAt(0);
        }

        if (operation.Kind == LedgerOperationKind.Slash)
        {
            var reason = operation.SlashReason ?? SlashReason.FailedVerification;
            S.SlashCounts[reason] = S.SlashCounts.GetValueOrDefault(reason) + 1;
            S.Slashes.Add(entry);
            if (S.Slashes.Count > KeptSlashes)
            {
                S.Slashes.RemoveAt(0);
            }
        }

        var result = new LedgerResult(true, false, null, applied, Light());
        await Commits.Commit();
        return result;
    }

    public async Task<AccountSnapshot> GetSnapshot()
    {
        // Reentrant: a change whose write is still out may yet fail (and be undone by reloading), so a reader waits for
        // the writes of every change made before it came; a failed one fails the read instead of showing money that
        // storage never held. Decisions on stake and balances rest on this.
        await Commits.Durable();
        return new AccountSnapshot(
            AccountId, S.Balance, S.Stake, Escrow, S.Earned, S.Entries.TakeLast(SnapshotEntries).ToArray(), S.Slashes.ToArray(), Outgoing);
    }

    public async Task<int> CountSlashes(SlashReason reason)
    {
        // The count sets the next slash's size, so like a snapshot it counts only slashes that were stored.
        await Commits.Durable();
        return S.SlashCounts.GetValueOrDefault(reason);
    }

    public async Task Receive(LedgerTransfer transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        if (transfer.Source == AccountId || transfer.Amount < 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (!S.Inbox.TryGetValue(transfer.Source, out var source))
        {
            PruneInbox(now);
            source = S.Inbox[transfer.Source] = new InboxSource();
        }

        if (transfer.Sequence > source.LastSequence)
        {
            S.Balance += transfer.Amount;
            S.Earned += transfer.Amount;
            source.LastSequence = transfer.Sequence;
            source.LastAt = now;
            Record(new LedgerOperation(
                $"transfer:{transfer.Source}:{transfer.Sequence}", LedgerOperationKind.Credit, transfer.Amount,
                $"{transfer.Reason} ({transfer.Items} from {transfer.Source})", transfer.Source), transfer.Amount);
            await Commits.Commit();
        }
        else
        {
            await Commits.Durable();
        }

        // Applied now or before: either way the source may stop resending.
        await GrainFactory.Grain<IAccountGrain>(transfer.Source).Acknowledge(AccountId, transfer.Sequence);
    }

    public Task Acknowledge(string payee, long sequence)
    {
        if (S.Outbox.TryGetValue(payee, out var box) && box.Sealed?.Sequence == sequence)
        {
            // Kept in memory until the next write: if it is lost, the batch is sent again and the payee ignores it.
            _outgoing -= box.Sealed.Amount;
            box.Sealed = null;
            _sentAt.Remove(payee);
            if (box.IsEmpty)
            {
                S.Outbox.Remove(payee);
            }
            else
            {
                ScheduleDelivery(_options.TransferDelay);
            }
        }

        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == JobWatchReminderName)
        {
            await NudgeWatchedJobs();
            return;
        }

        if (S.Outbox.Count == 0)
        {
            if (await this.GetReminder(DeliveryReminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            var wasSet = S.DeliveryReminder;
            S.DeliveryReminder = false;

            // Calls interleave: a payout owed during the awaits above needs the reminder back, which Deliver registers.
            if (S.Outbox.Count == 0)
            {
                if (wasSet)
                {
                    await Commits.Commit();
                }

                return;
            }
        }

        await Deliver();
    }

    /// <summary>Registers the job-watch reminder unless this activation already has.</summary>
    private async Task WatchJobs()
    {
        await _watchGate.WaitAsync();
        try
        {
            if (!_watching)
            {
                var period = jobOptions.Value.WatchdogPeriod;
                await this.RegisterOrUpdateReminder(JobWatchReminderName, period, period);
                _watching = true;
            }
        }
        finally
        {
            _watchGate.Release();
        }
    }

    /// <summary>
    /// Nudges every job whose hold is open (one-way: a job resumes, settles or refunds by itself), or drops the reminder
    /// once none is open, storage agrees, and no hold is joining.
    /// </summary>
    private async Task NudgeWatchedJobs()
    {
        if (S.JobHolds.Count > 0)
        {
            foreach (var (jobId, hold) in S.JobHolds.ToArray())
            {
                await GrainFactory.Grain<IJobGrain>(jobId).Resume(AccountId, hold);
            }

            logger.LogDebug("Account {Account} nudged {Count} job(s) it holds money for", AccountId, S.JobHolds.Count);
            return;
        }

        await Commits.Durable();
        await _watchGate.WaitAsync();
        try
        {
            if (S.JobHolds.Count > 0 || _jobHoldsJoining > 0)
            {
                return;
            }

            _watching = false;
            if (await this.GetReminder(JobWatchReminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        finally
        {
            _watchGate.Release();
        }
    }

    private static bool IsEscrowStep(LedgerOperationKind kind) =>
        kind is LedgerOperationKind.Hold or LedgerOperationKind.Capture or LedgerOperationKind.Refund or LedgerOperationKind.Settle;

    private async Task<LedgerResult> ApplyEscrowStep(LedgerOperation operation)
    {
        if (operation.Reference is not { } reference)
        {
            return Refused("an escrow step needs a reference");
        }

        var joining = operation.Kind == LedgerOperationKind.Hold && operation.WatchesJob && !_watching;
        if (joining)
        {
            // The reminder is in place before the first watched hold of this activation is recorded.
            _jobHoldsJoining++;
            try
            {
                await WatchJobs();
            }
            catch
            {
                _jobHoldsJoining--;
                throw;
            }
        }

        // Checked and changed with no await in between, so a joining hold is recorded before the reminder can be dropped.
        var holds = S.JobHolds.ContainsKey(reference) ? S.JobHolds : S.Holds;
        var isOpen = holds.TryGetValue(reference, out var held);
        if (operation.Kind == LedgerOperationKind.Hold)
        {
            if (joining)
            {
                _jobHoldsJoining--;
            }

            if (isOpen)
            {
                await Commits.Durable();
                return new LedgerResult(true, true, null, held, Light());
            }

            if (S.Balance < operation.Amount)
            {
                return Refused($"insufficient balance: {S.Balance} available, {operation.Amount} needed");
            }

            S.Balance -= operation.Amount;
            (operation.WatchesJob ? S.JobHolds : S.Holds)[reference] = operation.Amount;
            _escrow += operation.Amount;
            Record(operation, operation.Amount);
            var holdResult = new LedgerResult(true, false, null, operation.Amount, Light());
            await Commits.Commit();
            return holdResult;
        }

        if (!isOpen)
        {
            // Released before (or never held): repeating a release moves nothing.
            await Commits.Durable();
            return new LedgerResult(true, true, null, 0, Light());
        }

        var amount = operation.Amount;
        if (held < amount)
        {
            return Refused($"escrow {reference} holds {held}, cannot release {amount}");
        }

        if (operation.Kind == LedgerOperationKind.Settle)
        {
            if (operation.Fee + operation.Royalty > amount || operation.Royalty < 0
                || (amount > operation.Fee + operation.Royalty && string.IsNullOrEmpty(operation.Counterparty))
                || (operation.Royalty > 0 && string.IsNullOrEmpty(operation.RoyaltyPayee)))
            {
                return Refused("a settlement needs a payee, and a fee and royalty (with its payee) no larger than the amount captured");
            }

            holds.Remove(reference);
            _escrow -= held;
            S.Balance += held - amount;
            Owe(operation.Counterparty, amount - operation.Fee - operation.Royalty, "job earnings");
            Owe(LedgerAccounts.Platform, operation.Fee, "platform fees");
            Owe(operation.RoyaltyPayee, operation.Royalty, "model royalties");
        }
        else
        {
            if (held == amount)
            {
                holds.Remove(reference);
            }
            else
            {
                holds[reference] = held - amount;
            }

            _escrow -= amount;

            if (operation.Kind == LedgerOperationKind.Refund)
            {
                S.Balance += amount;
            }
        }

        Record(operation, amount);
        var released = new LedgerResult(true, false, null, amount, Light());
        await Commits.Commit();
        return released;
    }

    private void Owe(string? payee, decimal amount, string reason)
    {
        if (amount <= 0 || payee is null)
        {
            return;
        }

        if (!S.Outbox.TryGetValue(payee, out var box))
        {
            box = S.Outbox[payee] = new PayeeOutbox { Reason = reason };
        }

        box.OpenAmount += amount;
        _outgoing += amount;
        box.OpenItems++;
    }

    private LedgerEntry Record(LedgerOperation operation, decimal applied)
    {
        var entry = new LedgerEntry(++S.Sequence, operation, applied, time.GetUtcNow(), S.Balance, S.Stake, Escrow);
        S.Entries.Add(entry);
        TrimEntries();
        return entry;
    }

    /// <summary>
    /// Moves the oldest entries to a history page. Only entries already in storage move (a page never receives an
    /// entry whose write may still fail); the next write waits for the page, and a crash before it archives the same
    /// entries again, which the page keeps once by sequence.
    /// </summary>
    private void TrimEntries()
    {
        if (S.Entries.Count < 2 * KeptEntries)
        {
            return;
        }

        var movable = 0;
        while (movable < S.Entries.Count - KeptEntries && S.Entries[movable].Sequence <= _durableSequence)
        {
            movable++;
        }

        if (movable < KeptEntries)
        {
            return;
        }

        var older = S.Entries.GetRange(0, movable).ToArray();
        S.Entries.RemoveRange(0, movable);
        _archives.Add(GrainFactory.Grain<IAccountHistoryGrain>($"{AccountId}/{S.ArchivedPages++}").Append(older));
    }

    /// <summary>One write for every change since the last: waits for the history pages, seals open payouts, writes, then sends what it sealed.</summary>
    private async Task WriteBatch()
    {
        var archives = _archives.ToArray();
        _archives.Clear();
        await Task.WhenAll(archives);
        var sealedNow = _sealDue ? Seal() : [];
        _sealDue = false;
        var sequence = S.Sequence;
        await state.WriteStateAsync();
        _durableSequence = sequence;
        await Send(sealedNow);

        if (S.Outbox.Count > 0 && !DeliveryDueWithin(_options.TransferDelay))
        {
            // What was owed by this write is sealed and sent by the next delivery, with whatever else comes meanwhile.
            // Under load one is nearly always due that soon, and the outbox is not scanned on every write.
            ScheduleDelivery(HasOpenToSeal() ? _options.TransferDelay : _options.TransferRetry);
        }
    }

    private async Task Send(IEnumerable<(string Payee, LedgerTransfer Transfer)> batches)
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var (payee, transfer) in batches)
        {
            _sentAt[payee] = now;
            await GrainFactory.Grain<IAccountGrain>(payee).Receive(transfer);
        }
    }

    private GroupCommit Commits => _commits ??= new GroupCommit(WriteBatch, ex => this.DeactivateAfterFailedWrite(ex));

    private List<(string Payee, LedgerTransfer Transfer)> Seal()
    {
        var sealedNow = new List<(string, LedgerTransfer)>();
        foreach (var (payee, box) in S.Outbox)
        {
            if (box.Sealed is null && box.OpenAmount > 0)
            {
                box.Sealed = new LedgerTransfer(AccountId, ++S.TransferSequence, box.OpenAmount, box.OpenItems, box.Reason);
                box.OpenAmount = 0;
                box.OpenItems = 0;
                sealedNow.Add((payee, box.Sealed));
            }
        }

        return sealedNow;
    }

    /// <summary>
    /// Delivers within <paramref name="due"/>, unless a delivery is already due sooner. An acknowledgement asks for one
    /// (its payee may be owed more), and a busy tenant's acknowledgements arrive more often than
    /// <see cref="LedgerOptions.TransferDelay"/>: when each pushed the delivery back, none fired, payouts waited and the
    /// outbox grew towards one entry per miner, carried by every write (session 35, a 100k-GPU fleet).
    /// </summary>
    private void ScheduleDelivery(TimeSpan due)
    {
        if (DeliveryDueWithin(due))
        {
            return;
        }

        _delivery?.Dispose();
        _deliveryDue = Stopwatch.GetTimestamp() + (long)(due.TotalSeconds * Stopwatch.Frequency);
        _delivery = this.RegisterGrainTimer(_ => Deliver(), new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan));
    }

    private bool DeliveryDueWithin(TimeSpan within) =>
        _delivery is not null && _deliveryDue <= Stopwatch.GetTimestamp() + (long)(within.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Whether some payee is owed money not yet sealed into a batch (and has no batch on its way).</summary>
    private bool HasOpenToSeal() => S.Outbox.Values.Any(b => b.Sealed is null && b.OpenAmount > 0);

    /// <summary>Seals and sends what is open, resends what was sent and not acknowledged, and keeps a reminder while anything is owed.</summary>
    private async Task Deliver()
    {
        _delivery?.Dispose();
        _delivery = null;
        if (S.Outbox.Count == 0)
        {
            return;
        }

        try
        {
            // Only a batch whose seal is in storage may be sent: a write still running may yet fail and reseal.
            await Commits.Durable();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return;
        }

        var resend = S.Outbox.Where(o => o.Value.Sealed is not null
                && (!_sentAt.TryGetValue(o.Key, out var sent) || Stopwatch.GetElapsedTime(sent) >= _options.TransferRetry))
            .Select(o => (o.Key, o.Value.Sealed!)).ToArray();
        try
        {
            var changed = false;
            if (!S.DeliveryReminder)
            {
                await this.RegisterOrUpdateReminder(DeliveryReminderName, _options.DeliveryReminderPeriod, _options.DeliveryReminderPeriod);
                S.DeliveryReminder = changed = true;
            }

            if (HasOpenToSeal())
            {
                _sealDue = true;
                await Commits.Commit();
            }
            else if (changed)
            {
                await Commits.Commit();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The reminder brings the account back to deliver if this activation does not get to.
            logger.LogWarning(ex, "Account {Account} could not persist its payouts", AccountId);
            return;
        }

        await Send(resend);

        if (S.Outbox.Count > 0)
        {
            ScheduleDelivery(_options.TransferRetry);
        }
    }

    private void PruneInbox(DateTimeOffset now)
    {
        var stale = S.Inbox.Where(i => now - i.Value.LastAt > InboxRetention).Select(i => i.Key).ToArray();
        foreach (var source in stale)
        {
            S.Inbox.Remove(source);
        }
    }

    private HashSet<string> RecentIds => _recentIds ??= S.RecentOperations.Select(o => o.OperationId).ToHashSet(StringComparer.Ordinal);

    private decimal Escrow => _escrow;

    private decimal Outgoing => _outgoing;

    private LedgerResult Refused(string error) => new(false, false, error, 0, Light());

    /// <summary>The balances without the entry lists: what every Apply answers (GetSnapshot has the rest).</summary>
    private AccountSnapshot Light() => new(AccountId, S.Balance, S.Stake, Escrow, S.Earned, [], [], Outgoing);
}
