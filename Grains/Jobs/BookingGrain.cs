using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Ledger;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Jobs;

/// <summary>
/// A duration-based rental of a whole GPU. The GPU grain holds the exclusive lease (so no other job or rental can
/// overlap it); this grain holds the money and the lifecycle. Refund policy: cancelling refunds the unused time pro
/// rata by started hour (the current hour is charged); releasing early refunds the same way; an expired lease refunds
/// nothing. The escrow is settled to the miner for the used part, so each side moves once.
/// Renting is failure-atomic: the watchdog reminder is registered and the booking persisted as pending before any
/// money is held, so a rental interrupted between the hold and the lease is found by the reminder and rolled back
/// (hold refunded, lease released); the same reminder ends the booking when its lease runs out.
/// </summary>
public sealed class BookingGrain(
    [PersistentState("booking", AitbcConstants.GrainStorage)] IPersistentState<BookingState> state,
    IOptions<JobOptions> jobOptions,
    DomainTime time) : Grain, IBookingGrain, IRemindable
{
    private const string Watchdog = "booking-watchdog";
    private readonly TimeSpan _watchdogPeriod = jobOptions.Value.WatchdogPeriod;

    private BookingState S => state.State;
    private string BookingId => this.GetPrimaryKeyString();
    private string EscrowId => $"booking:{BookingId}";

    public async Task<BookingView> Rent(RentalRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (S.Request is not null)
        {
            return View();
        }

        if (request.Duration <= TimeSpan.Zero || request.Duration > TimeSpan.FromDays(30) || request.PricePerHour <= 0)
        {
            throw new ArgumentException("duration must be within (0, 30 days] and the hourly price positive", nameof(request));
        }

        var gpu = await GrainFactory.GetGrain<IGpuGrain>(request.GpuId).GetSnapshot()
            ?? throw new ArgumentException($"unknown GPU {request.GpuId}", nameof(request));
        if (request.PricePerHour < gpu.PriceFloor)
        {
            return await Reject(request, $"price {request.PricePerHour}/h is under the owner's floor {gpu.PriceFloor}");
        }

        await this.RegisterOrUpdateReminder(Watchdog, _watchdogPeriod, _watchdogPeriod);
        S.Request = request;
        S.Status = BookingStatus.Pending;
        S.Paid = (decimal)Math.Ceiling(request.Duration.TotalHours) * request.PricePerHour;
        await state.WriteOrDeactivate(this);

        var escrow = GrainFactory.GetGrain<IEscrowGrain>(EscrowId);
        var held = await escrow.Hold(request.TenantAccountId, S.Paid);
        if (held.Status != EscrowStatus.Held)
        {
            return await Reject(request, held.Error ?? "escrow hold failed");
        }

        var now = time.GetUtcNow();
        var until = now + request.Duration;
        var reservation = await GrainFactory.GetGrain<IGpuGrain>(request.GpuId).TryReserve(new ReservationRequest(BookingId, null, until, Exclusive: true));
        if (!reservation.Accepted)
        {
            await escrow.Refund();
            return await Reject(request, $"GPU not available: {reservation.Reason}");
        }

        S.Status = BookingStatus.Active;
        S.StartsAt = now;
        S.LeaseUntil = until;
        await state.WriteOrDeactivate(this);

        // From now on the reminder's job is to end the booking when its lease runs out.
        await this.RegisterOrUpdateReminder(Watchdog, Max(until - now, _watchdogPeriod), _watchdogPeriod);
        return View();
    }

    public Task<BookingView> Release() => End(BookingStatus.Released);

    public Task<BookingView> Cancel() => End(BookingStatus.Cancelled);

    public Task<BookingView?> Get() => Task.FromResult(S.Request is null ? null : View());

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
            case BookingStatus.Active:
                return;
            default:
                await StopWatchdog();
                break;
        }
    }

    private async Task<BookingView> End(BookingStatus status)
    {
        if (S.Request is not { } request || S.Status != BookingStatus.Active)
        {
            return View();
        }

        var now = time.GetUtcNow();
        var ended = now >= S.LeaseUntil!.Value;
        var usedHours = (decimal)Math.Min(
            Math.Ceiling(request.Duration.TotalHours),
            Math.Max(1, Math.Ceiling((now - S.StartsAt!.Value).TotalHours)));
        var used = ended ? S.Paid : usedHours * request.PricePerHour;
        S.Status = ended ? BookingStatus.Expired : status;
        S.Refunded = S.Paid - used;
        await state.WriteOrDeactivate(this);

        // Settle only takes the used part; the escrow returns the rest to the tenant in the same idempotent step.
        await GrainFactory.GetGrain<IEscrowGrain>(EscrowId).Settle(LedgerAccounts.ForMiner((await Miner(request.GpuId)) ?? "unknown"), used);
        await GrainFactory.GetGrain<IGpuGrain>(request.GpuId).Release(BookingId);
        await StopWatchdog();
        return View();
    }

    /// <summary>A rental interrupted before it became active: return the money and the lease, whichever were taken.</summary>
    private async Task Abort()
    {
        var request = S.Request!;
        await GrainFactory.GetGrain<IEscrowGrain>(EscrowId).Refund();

        // The escrow may not have recorded a hold that the account did take (its own write failed); by reference, this
        // refunds such a hold and is a no-op otherwise.
        await EscrowSteps.Refund(GrainFactory.GetGrain<IAccountGrain>(request.TenantAccountId), EscrowId, S.Paid);
        await GrainFactory.GetGrain<IGpuGrain>(request.GpuId).Release(BookingId);
        S.Status = BookingStatus.Rejected;
        S.Reason = "interrupted before the lease was taken";
        S.Refunded = S.Paid;
        await state.WriteOrDeactivate(this);
        await StopWatchdog();
    }

    private async Task StopWatchdog()
    {
        if (await this.GetReminder(Watchdog) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task<string?> Miner(string gpuId) => (await GrainFactory.GetGrain<IGpuGrain>(gpuId).GetSnapshot())?.MinerId;

    private async Task<BookingView> Reject(RentalRequest request, string reason)
    {
        S.Request = request;
        S.Status = BookingStatus.Rejected;
        S.Reason = reason;
        S.Refunded = S.Paid;
        await state.WriteOrDeactivate(this);
        await StopWatchdog();
        return View();
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private BookingView View() => new(
        BookingId, S.Request?.TenantAccountId ?? "", S.Request?.GpuId ?? "", S.Status, S.StartsAt, S.LeaseUntil, S.Paid - S.Refunded, S.Refunded, S.Reason);
}
