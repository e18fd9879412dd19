using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Pricing;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Jobs;

/// <summary>
/// A booking of a whole GPU for a time window (the policy is on <see cref="IBookingGrain"/>). The GPU grain holds the
/// window exclusively, so no other booking or job can overlap it; this grain holds the money and the lifecycle.
/// Booking is failure-atomic: the watchdog reminder is registered and the booking persisted as pending, with the GPU
/// it is about to ask and the price, before the GPU or the money is touched, so a booking interrupted between the lease
/// and the hold is found by the reminder and rolled back (hold refunded, lease released). The GPU is reserved before
/// any money is held, so a request that loses the race for a window never touches the tenant's account. Every end
/// (cancel, release, expiry) is one write of the decision, then the money step and the release, retried by the same
/// reminder until done; the reminder also ends the booking when its window is over. When a window that was booked
/// ahead starts, the GPU is checked once: one that is gone, offline or cannot take work (slashed below its stake,
/// blocked by verification, too hot) ends the booking as cancelled with everything refunded, rather than leaving the
/// tenant a paid lease on a dead GPU.
/// </summary>
public sealed class BookingGrain(
    [PersistentState("booking", AitbcConstants.GrainStorage)] IPersistentState<BookingState> state,
    IOptions<JobOptions> jobOptions,
    IOptions<PricingOptions> pricingOptions,
    DomainTime time) : Grain, IBookingGrain, IRemindable
{
    private const string Watchdog = "booking-watchdog";
    private readonly JobOptions _options = jobOptions.Value;
    private readonly TimeSpan _watchdogPeriod = jobOptions.Value.WatchdogPeriod;

    private BookingState S => state.State;
    private string BookingId => this.GetPrimaryKeyString();
    private string EscrowId => $"booking:{BookingId}";
    private string? GpuId => S.GpuId ?? (string.IsNullOrEmpty(S.Request?.GpuId) ? null : S.Request.GpuId);

    public async Task<BookingView> Rent(RentalRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (S.Request is not null)
        {
            return View();
        }

        var now = time.GetUtcNow();
        var start = request.StartsAt ?? now;
        var end = start + request.Duration;
        if (Problem(request, start, now) is { } problem)
        {
            // Bad input leaves nothing behind: the answer is not stored.
            return Refusal(request, BookingRejection.Invalid, problem);
        }

        var candidates = await Candidates(request);
        if (candidates.Count == 0)
        {
            return Refusal(request, BookingRejection.Invalid, string.IsNullOrEmpty(request.GpuId)
                ? $"no GPU of class {request.GpuClass} is online in {request.Region}"
                : $"unknown GPU {request.GpuId}");
        }

        string? refusal = null;
        var unavailable = false;
        var reserved = false;
        foreach (var gpu in candidates)
        {
            var rate = HourlyRate(gpu.PriceFloor);
            if (rate > request.PricePerHour)
            {
                refusal ??= $"the rate {rate}/h of {gpu.GpuId} is above the cap {request.PricePerHour}/h";
                continue;
            }

            if (S.Request is null)
            {
                await this.RegisterOrUpdateReminder(Watchdog, _watchdogPeriod, _watchdogPeriod);
            }

            // Stored before the GPU is asked: whatever happens next, the reminder knows which lease and hold to undo.
            S.Request = request;
            S.Status = BookingStatus.Pending;
            S.GpuId = gpu.GpuId;
            S.PricePerHour = rate;
            S.Paid = (decimal)Math.Ceiling(request.Duration.TotalHours) * rate;
            S.StartsAt = start;
            S.LeaseUntil = end;
            await state.WriteOrDeactivate(this);

            var reservation = await GrainFactory.Grain<IGpuGrain>(gpu.GpuId).TryReserve(
                new ReservationRequest(BookingId, null, end, Exclusive: true, StartsAt: start));
            if (reservation.Accepted)
            {
                reserved = true;
                break;
            }

            refusal = $"GPU {gpu.GpuId} is not available from {start:O} to {end:O}: {reservation.Reason}";
            unavailable = true;
        }

        if (!reserved)
        {
            var rejection = unavailable ? BookingRejection.Unavailable : BookingRejection.PriceAboveCap;
            return S.Request is null
                ? Refusal(request, rejection, refusal ?? "no GPU available")
                : await Reject(rejection, refusal ?? "no GPU available");
        }

        var held = await GrainFactory.Grain<IEscrowGrain>(EscrowId).Hold(request.TenantAccountId, S.Paid);
        if (held.Status != EscrowStatus.Held)
        {
            await GrainFactory.Grain<IGpuGrain>(S.GpuId!).Release(BookingId); // one-way; a lost release is ended by the window
            return await Reject(BookingRejection.InsufficientFunds, held.Error ?? "escrow hold failed");
        }

        await GrainFactory.Index(request.TenantAccountId).Add(BookingId);
        S.Status = BookingStatus.Active;
        S.StartChecked = start <= time.GetUtcNow(); // the reservation just now was the check
        await state.WriteOrDeactivate(this);

        // From now on the reminder's job is to end the booking when its window is over.
        await ArmForEnd();
        return View();
    }

    public Task<BookingView> Release() => End(BookingStatus.Released);

    public Task<BookingView> Cancel() => End(BookingStatus.Cancelled);

    public async Task<BookingView?> Get()
    {
        if (S.Request is null)
        {
            return null;
        }

        // Neither the start's check nor expiry waits for the reminder's next tick: whoever looks sees them done.
        if (StartDue())
        {
            await CheckStart();
        }

        return await End(BookingStatus.Expired);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        switch (S.Status)
        {
            case BookingStatus.Pending:
                await Abort();
                break;
            case BookingStatus.Active when time.GetUtcNow() >= S.LeaseUntil:
                await End(BookingStatus.Expired);
                break;
            case BookingStatus.Active when StartDue():
                await CheckStart();
                break;
            case BookingStatus.Active:
                await ArmForEnd();
                break;
            case BookingStatus.Cancelled or BookingStatus.Released or BookingStatus.Expired when !S.Settled:
                await Conclude();
                break;
            default:
                await StopWatchdog();
                break;
        }
    }

    /// <summary>
    /// Ends an active booking as <paramref name="status"/> (or as expired once its window is over; an expiry asked for
    /// early changes nothing), and finishes an end whose money step has not been done yet.
    /// </summary>
    private async Task<BookingView> End(BookingStatus status)
    {
        if (S.Status == BookingStatus.Active)
        {
            var now = time.GetUtcNow();
            var ended = now >= S.LeaseUntil!.Value;
            if (status == BookingStatus.Expired && !ended)
            {
                return View();
            }

            S.Status = ended ? BookingStatus.Expired : status;
            S.Refunded = S.Paid - Used(now, ended);
            S.Settled = false;
            await state.WriteOrDeactivate(this);
        }

        if (S.Status is BookingStatus.Cancelled or BookingStatus.Released or BookingStatus.Expired && !S.Settled)
        {
            await Conclude();
        }

        return View();
    }

    private bool StartDue() =>
        S.Status == BookingStatus.Active && !S.StartChecked && S.StartsAt is { } start && start <= time.GetUtcNow() && time.GetUtcNow() < S.LeaseUntil;

    /// <summary>
    /// The window has started: the GPU must be registered, online and able to take work, or the booking ends as cancelled
    /// with everything refunded (the tenant got nothing of the window). One write of the decision, then the money step.
    /// </summary>
    private async Task CheckStart()
    {
        var gpu = await GrainFactory.Grain<IGpuGrain>(GpuId!).GetSnapshot();
        var problem = gpu is null ? "it is no longer registered"
            : !gpu.Online ? "it is offline"
            : !gpu.Routing.Routable ? gpu.Routing.NotRoutableReason ?? "it cannot take work"
            : null;
        if (problem is null)
        {
            S.StartChecked = true;
            await state.WriteOrDeactivate(this);
            await ArmForEnd();
            return;
        }

        S.Status = BookingStatus.Cancelled;
        S.Reason = $"GPU {GpuId} could not serve the window when it started ({problem}): the booking ended with everything refunded";
        S.Refunded = S.Paid;
        S.Settled = false;
        await state.WriteOrDeactivate(this);
        await Conclude();
    }

    /// <summary>What the tenant pays for the window at <paramref name="now"/>: nothing before it starts, the started hours (at least one) after.</summary>
    private decimal Used(DateTimeOffset now, bool ended)
    {
        var request = S.Request!;
        var start = S.StartsAt ?? now;
        if (ended)
        {
            return S.Paid;
        }

        if (now < start)
        {
            return 0;
        }

        var hours = Math.Min(Math.Ceiling(request.Duration.TotalHours), Math.Max(1, Math.Ceiling((now - start).TotalHours)));
        return Math.Min(S.Paid, (decimal)hours * S.PricePerHour);
    }

    /// <summary>The end's one money step (idempotent by the escrow's reference), then the GPU's release; retried until stored as done.</summary>
    private async Task Conclude()
    {
        var used = S.Paid - S.Refunded;
        var escrow = GrainFactory.Grain<IEscrowGrain>(EscrowId);
        if (used == 0)
        {
            await escrow.Refund();
        }
        else
        {
            // Settle takes only the used part; the escrow returns the rest to the tenant in the same idempotent step.
            await escrow.Settle(LedgerAccounts.ForMiner((await Miner(GpuId!)) ?? "unknown"), used);
        }

        await GrainFactory.Grain<IGpuGrain>(GpuId!).Release(BookingId);
        S.Settled = true;
        await state.WriteOrDeactivate(this);
        await StopWatchdog();
    }

    /// <summary>A booking interrupted before it became active: return the money and the lease, whichever were taken.</summary>
    private async Task Abort()
    {
        var request = S.Request!;
        await GrainFactory.Grain<IEscrowGrain>(EscrowId).Refund();

        // The escrow may not have recorded a hold that the account did take (its own write failed); by reference, this
        // refunds such a hold and is a no-op otherwise.
        await EscrowSteps.Refund(GrainFactory.Grain<IAccountGrain>(request.TenantAccountId), EscrowId, S.Paid);
        if (GpuId is { } gpuId)
        {
            await GrainFactory.Grain<IGpuGrain>(gpuId).Release(BookingId);
        }

        await Reject(BookingRejection.Interrupted, "interrupted before the lease and the hold were both taken");
    }

    /// <summary>The request's own faults, judged by the cluster's clock (the one that ends the window).</summary>
    private string? Problem(RentalRequest request, DateTimeOffset start, DateTimeOffset now)
    {
        if (request.Duration <= TimeSpan.Zero || request.Duration > _options.MaxBookingLength)
        {
            return $"the window must be longer than 0 and at most {_options.MaxBookingLength.TotalHours} hours";
        }

        if (start < now - _options.BookingStartSkew)
        {
            return $"the window starts at {start:O}, in the past (the cluster's time is {now:O})";
        }

        if (start > now + _options.MaxBookingLead)
        {
            return $"the window may start at most {_options.MaxBookingLead.TotalDays} days ahead";
        }

        if (request.PricePerHour <= 0)
        {
            return "the hourly price cap must be positive";
        }

        return string.IsNullOrEmpty(request.GpuId) && (string.IsNullOrEmpty(request.GpuClass) || string.IsNullOrEmpty(request.Region))
            ? "give a GPU id, or a GPU class and a region"
            : null;
    }

    /// <summary>The GPU named, or the online, routable GPUs of the class in the region, cheapest and best first.</summary>
    private async Task<IReadOnlyList<(string GpuId, decimal PriceFloor)>> Candidates(RentalRequest request)
    {
        if (!string.IsNullOrEmpty(request.GpuId))
        {
            var gpu = await GrainFactory.Grain<IGpuGrain>(request.GpuId).GetSnapshot();
            return gpu is null ? [] : [(gpu.GpuId, gpu.PriceFloor)];
        }

        var listed = await GrainFactory.Grain<IRegionGrain>(request.Region!).ListGpus();
        return listed
            .Where(g => g.Available && g.Routable && string.Equals(g.ProfileName, request.GpuClass, StringComparison.OrdinalIgnoreCase))
            .OrderBy(g => HourlyRate(g.PriceFloor)).ThenByDescending(g => g.QosScore).ThenBy(g => g.GpuId, StringComparer.Ordinal)
            .Take(_options.BookingCandidates)
            .Select(g => (g.GpuId, g.PriceFloor))
            .ToArray();
    }

    /// <summary>The owner's floor, but never under the cluster's base rate for a GPU-hour.</summary>
    private decimal HourlyRate(decimal priceFloor) => Math.Max(pricingOptions.Value.TrainingBasePerHour, priceFloor);

    private async Task StopWatchdog()
    {
        if (await this.GetReminder(Watchdog) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task<string?> Miner(string gpuId) => (await GrainFactory.Grain<IGpuGrain>(gpuId).GetSnapshot())?.MinerId;

    private async Task<BookingView> Reject(BookingRejection rejection, string reason)
    {
        S.Status = BookingStatus.Rejected;
        S.Rejection = rejection;
        S.Reason = reason;
        S.Refunded = S.Paid;
        S.Settled = true;
        await state.WriteOrDeactivate(this);
        await StopWatchdog();
        return View();
    }

    /// <summary>A refusal before anything was stored or reserved: answered, not kept.</summary>
    private BookingView Refusal(RentalRequest request, BookingRejection rejection, string reason) => new(
        BookingId, request.TenantAccountId, request.GpuId, BookingStatus.Rejected, request.StartsAt, null, 0, 0, reason,
        Rejection: rejection, GpuClass: request.GpuClass, Region: request.Region, Settled: true);

    /// <summary>
    /// Wakes at the window's start (for its check, when still to come), else at its end, or after
    /// <see cref="JobOptions.BookingCheckInterval"/> if that comes first (then again).
    /// </summary>
    private Task ArmForEnd()
    {
        var now = time.GetUtcNow();
        var left = (!S.StartChecked && S.StartsAt is { } start && start > now ? start : S.LeaseUntil!.Value) - now;
        var due = left < _watchdogPeriod ? _watchdogPeriod : left > _options.BookingCheckInterval ? _options.BookingCheckInterval : left;
        return this.RegisterOrUpdateReminder(Watchdog, due, _watchdogPeriod);
    }

    private BookingView View() => new(
        BookingId, S.Request?.TenantAccountId ?? "", GpuId ?? "", S.Status, S.StartsAt, S.LeaseUntil, S.Paid - S.Refunded, S.Refunded,
        S.Reason, S.Paid, S.PricePerHour, S.Rejection, S.Request?.GpuClass, S.Request?.Region, S.Settled,
        Started: S.StartsAt is not { } start || start <= time.GetUtcNow());
}
