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
}
