namespace Aitbc.Orleans.Jobs;

[GenerateSerializer, Alias("aitbc.BookingStatus")]
public enum BookingStatus
{
    None = 0,
    Active = 1,
    Released = 2,
    Cancelled = 3,
    Expired = 4,
    Rejected = 5,

    /// <summary>Accepted and durable, its hold and GPU lease being taken; the watchdog aborts it if it never becomes active.</summary>
    Pending = 6,
}
