using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Fleet.Regions;
using Aitbc.Orleans.Gateway.Contracts;
using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Gateway.Security;
using Aitbc.Orleans.Gateway.Validation;
using Aitbc.Orleans.Jobs;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Gateway.Bookings;

/// <summary>
/// The booking operations behind both the HTTP API and gRPC. The request's shape is checked here; the window against
/// the cluster's clock, the price and the GPU's calendar by the booking grain, which answers a refusal without
/// storing anything or taking money (a request that loses a race for a window is refused by the GPU before any hold).
/// </summary>
public sealed class BookingService(IGrainFactory grains, GpuProfileCatalog profiles, IOptions<GatewayOptions> options)
{
    private readonly GatewayOptions _options = options.Value;

    public async Task<BookedGpu> CreateAsync(Caller caller, BookingRequestBody body)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(body);
        var errors = new ValidationErrors();
        var gpuId = FieldRules.Id(errors, "gpuId", body.GpuId, _options.MaxStringLength, required: false);
        var gpuClass = FieldRules.Text(errors, "gpuClass", body.GpuClass, _options.MaxStringLength, required: false);
        var region = FieldRules.Id(errors, "region", body.Region, _options.MaxStringLength, required: false);
        var cap = FieldRules.Amount(errors, "maxPricePerHour", body.MaxPricePerHour, _options.MaxPrice, required: false) ?? _options.MaxPrice;
        var idempotencyKey = FieldRules.Id(errors, "idempotencyKey", body.IdempotencyKey, _options.MaxStringLength, required: false);
        if (body.GpuId is not null && (body.GpuClass is not null || body.Region is not null))
        {
            errors.Add("gpuId", "give either gpuId, or gpuClass and region, not both");
        }
        else if (body.GpuId is null && (body.GpuClass is null || body.Region is null))
        {
            errors.Add(body.GpuClass is null ? "gpuClass" : "region", "give gpuId, or gpuClass and region");
        }

        var profile = gpuClass is null ? null : profiles.Find(gpuClass);
        if (gpuClass is not null && profile is null)
        {
            errors.Add("gpuClass", $"'{FieldRules.Truncate(gpuClass)}' is not a known GPU class (GET /v1/profiles)");
        }

        if (region is not null && RegionCatalog.Default.Find(region) is null)
        {
            errors.Add("region", $"'{FieldRules.Truncate(region)}' is not a region (GET /v1/regions)");
        }

        if (body.StartsAt is null)
        {
            errors.Add("startsAt", "is required");
        }

        if (body.EndsAt is null)
        {
            errors.Add("endsAt", "is required");
        }
        else if (body.StartsAt is { } from && body.EndsAt <= from)
        {
            errors.Add("endsAt", "must be after startsAt");
        }

        errors.ThrowIfAny();

        if (gpuId is not null && await grains.Grain<IGpuGrain>(gpuId).GetSnapshot() is null)
        {
            throw GatewayRequestException.NotFound($"There is no GPU '{gpuId}'.");
        }

        var request = new RentalRequest(
            caller.AccountId, gpuId ?? "", body.EndsAt!.Value - body.StartsAt!.Value, cap, body.StartsAt.Value.ToUniversalTime(),
            profile?.Name, region);
        var candidate = $"bk-{Guid.NewGuid():N}";
        var bookingId = candidate;
        if (idempotencyKey is not null)
        {
            // '#' never occurs in an idempotency key, so a booking's claim cannot collide with a job's.
            bookingId = await grains.Grain<ISubmissionKeyGrain>($"{caller.AccountId}/{idempotencyKey}#booking").Claim(candidate);
        }

        var booking = grains.Grain<IBookingGrain>(bookingId);
        var replayed = bookingId != candidate && await booking.Get() is not null;
        var view = await booking.Rent(request);
        if (replayed && (view.StartsAt != request.StartsAt || view.LeaseUntil != request.StartsAt + request.Duration
                         || (gpuId is not null && view.GpuId != gpuId) || view.GpuClass != request.GpuClass))
        {
            throw new GatewayRequestException(
                FailureKind.Conflict, "Idempotency key reused", "This idempotency key was already used for a different booking.");
        }

        ThrowIfRefused(view);
        return new BookedGpu(view, replayed);
    }

    /// <summary>The booking, if it exists and the caller may see it; otherwise 404 (never 403, which would confirm it exists).</summary>
    public async Task<BookingView> GetAsync(Caller caller, string bookingId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var errors = new ValidationErrors();
        var view = FieldRules.Id(errors, "bookingId", bookingId, 64) is null ? null : await grains.Grain<IBookingGrain>(bookingId).Get();
        if (view is null || view.Status == BookingStatus.Rejected || (view.TenantAccountId != caller.AccountId && !caller.IsOperator))
        {
            throw GatewayRequestException.NotFound($"There is no booking '{FieldRules.Truncate(bookingId ?? "")}'.");
        }

        return view;
    }

    public async Task<IReadOnlyList<BookingView>> ListAsync(Caller caller, int limit)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var ids = await grains.Index(caller.AccountId).List(limit);
        var views = await Task.WhenAll(ids.Select(id => grains.Grain<IBookingGrain>(id).Get()));
        return views.OfType<BookingView>().ToArray();
    }

    /// <summary>Cancels under the refund policy; a booking already over is returned as it is, and a repeat changes nothing.</summary>
    public async Task<BookingView> CancelAsync(Caller caller, string bookingId)
    {
        var view = await GetAsync(caller, bookingId);
        return await grains.Grain<IBookingGrain>(view.BookingId).Cancel();
    }

    private static void ThrowIfRefused(BookingView view)
    {
        if (view.Status != BookingStatus.Rejected)
        {
            return;
        }

        var reason = view.Reason ?? "the booking was refused";
        throw view.Rejection switch
        {
            BookingRejection.Invalid => GatewayRequestException.Invalid("$", reason),
            BookingRejection.InsufficientFunds => new GatewayRequestException(FailureKind.PaymentRequired, "Insufficient funds", reason),
            BookingRejection.PriceAboveCap => new GatewayRequestException(FailureKind.Conflict, "Price above the cap", reason),
            _ => new GatewayRequestException(FailureKind.Conflict, "GPU not available", reason),
        };
    }
}
