namespace Aitbc.Orleans.Jobs;

/// <summary>
/// A booking of one whole GPU for a time window, paid up front into escrow. The hourly rate is the larger of the
/// owner's price floor and the training base rate per hour; the price is the rate times the window's started hours.
/// Refund policy: cancelled before the window starts, everything is refunded; cancelled (or released) after it started,
/// the started hours are charged (at least one) and the rest refunded; a booking that runs to the end of its window
/// expires and refunds nothing; a window whose GPU cannot serve when it starts (gone, offline, slashed, blocked, too
/// hot) ends as cancelled and refunds everything. The used part is settled to the GPU's miner (less the platform fee), once.
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

    /// <summary>The booking (ending it first if its window is over), or null if none was ever requested under this id.</summary>
    [Alias("Get")]
    Task<BookingView?> Get();
}
