namespace Aitbc.Orleans.Jobs;

[GenerateSerializer, Alias("aitbc.BookingState")]
public sealed class BookingState
{
    [Id(0)] public RentalRequest? Request { get; set; }
    [Id(1)] public BookingStatus Status { get; set; }
    [Id(2)] public DateTimeOffset? StartsAt { get; set; }
    [Id(3)] public DateTimeOffset? LeaseUntil { get; set; }
    [Id(4)] public decimal Paid { get; set; }
    [Id(5)] public decimal Refunded { get; set; }
    [Id(6)] public string? Reason { get; set; }

    /// <summary>The GPU this booking reserves (chosen from the class for a booking by class), stored before it is asked.</summary>
    [Id(7)] public string? GpuId { get; set; }

    [Id(8)] public decimal PricePerHour { get; set; }

    [Id(9)] public BookingRejection Rejection { get; set; }

    /// <summary>The end's money step (settle or refund) and the GPU's release are done; until then the reminder retries them.</summary>
    [Id(10)] public bool Settled { get; set; }

    /// <summary>The GPU was found able to serve when the window started (checked once, at or after the start).</summary>
    [Id(11)] public bool StartChecked { get; set; }
}
