using Aitbc.Orleans.Jobs;

namespace Aitbc.Orleans.Gateway.Bookings;

/// <summary>The booking a request created, or the one an earlier request with the same idempotency key created.</summary>
public sealed record BookedGpu(BookingView View, bool Replayed);
