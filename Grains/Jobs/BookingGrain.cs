using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Ledger;

namespace Aitbc.Orleans.Jobs;

/// <summary>
/// A duration-based rental of a whole GPU. The GPU grain holds the exclusive lease (so no other job or rental can
/// overlap it); this grain holds the money and the lifecycle. Refund policy: cancelling refunds the unused time pro
/// rata by started hour (the current hour is charged); releasing early refunds the same way; an expired lease refunds
/// nothing. The escrow is settled to the miner for the used part, so each side moves once.
/// </summary>
public sealed class BookingGrain(
    [PersistentState("booking", AitbcConstants.GrainStorage)] IPersistentState<BookingState> state,
    DomainTime time) : Grain, IBookingGrain
{
    private BookingState S => state.State;
    private string BookingId => this.GetPrimaryKeyString();

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

        var hours = (decimal)Math.Ceiling(request.Duration.TotalHours);
        var total = hours * request.PricePerHour;
        var escrow = GrainFactory.GetGrain<IEscrowGrain>($"booking:{BookingId}");
        var held = await escrow.Hold(request.TenantAccountId, total);
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

        S.Request = request;
        S.Status = BookingStatus.Active;
        S.StartsAt = now;
        S.LeaseUntil = until;
        S.Paid = total;
        await state.WriteStateAsync();
        return View();
    }

    public Task<BookingView> Release() => End(BookingStatus.Released);

    public Task<BookingView> Cancel() => End(BookingStatus.Cancelled);

    public Task<BookingView?> Get() => Task.FromResult(S.Request is null ? null : View());

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
        await state.WriteStateAsync();

        // Settle only takes the used part; the escrow returns the rest to the tenant in the same idempotent step.
        await GrainFactory.GetGrain<IEscrowGrain>($"booking:{BookingId}").Settle(LedgerAccounts.ForMiner((await Miner(request.GpuId)) ?? "unknown"), used);
        await GrainFactory.GetGrain<IGpuGrain>(request.GpuId).Release(BookingId);
        return View();
    }

    private async Task<string?> Miner(string gpuId) => (await GrainFactory.GetGrain<IGpuGrain>(gpuId).GetSnapshot())?.MinerId;

    private async Task<BookingView> Reject(RentalRequest request, string reason)
    {
        S.Request = request;
        S.Status = BookingStatus.Rejected;
        S.Reason = reason;
        await state.WriteStateAsync();
        return View();
    }

    private BookingView View() => new(
        BookingId, S.Request?.TenantAccountId ?? "", S.Request?.GpuId ?? "", S.Status, S.StartsAt, S.LeaseUntil, S.Paid - S.Refunded, S.Refunded, S.Reason);
}
