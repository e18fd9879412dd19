using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>POST /v1/bookings. Give gpuId, or gpuClass and region; the window is [startsAt, endsAt).</summary>
public sealed class BookingRequestBody
{
    [Description("The GPU to book (from GET /v1/gpus). Or give gpuClass and region.")]
    public string? GpuId { get; init; }

    [Description("A GPU class (a profile name from GET /v1/profiles, e.g. \"GeForce RTX 4090\"); the cheapest free GPU of it in region is booked.")]
    public string? GpuClass { get; init; }

    [Description("A region id (GET /v1/regions), with gpuClass.")]
    public string? Region { get; init; }

    [Required, Description("The window's start (RFC 3339). At most a couple of minutes in the past by the cluster's clock.")]
    public DateTimeOffset? StartsAt { get; init; }

    [Required, Description("The window's end (RFC 3339), after startsAt; the window may last at most 30 days.")]
    public DateTimeOffset? EndsAt { get; init; }

    [Description("The most the tenant pays per hour; refused (409) if the GPU's rate is higher. Default: no cap below the gateway's MaxPrice.")]
    public decimal? MaxPricePerHour { get; init; }

    [Description("Retries with the same key return the booking the first request created.")]
    public string? IdempotencyKey { get; init; }
}
