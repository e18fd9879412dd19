namespace Aitbc.Orleans.Jobs;

/// <summary>
/// A time-window rental of one GPU. Refund policy: cancelling returns the unused whole hours of the window pro rata,
/// less nothing before the lease starts and the current started hour after; an expired lease refunds nothing.
/// </summary>
[Alias("aitbc.IBookingGrain")]
public interface IBookingGrain : IGrainWithStringKey
{
    [Alias("Rent")]
    Task<BookingView> Rent(RentalRequest request);

    [Alias("Release")]
    Task<BookingView> Release();

    [Alias("Cancel")]
    Task<BookingView> Cancel();

    [Alias("Get")]
    Task<BookingView?> Get();
}
