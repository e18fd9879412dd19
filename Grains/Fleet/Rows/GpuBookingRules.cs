namespace Aitbc.Orleans.Fleet.Rows;

/// <summary>
/// What a GPU's bookings allow: free job slots, and whether a new reservation collides with a booked window or a
/// running job's lease. Pure functions over one GPU's state, so double booking is decided in one place.
/// </summary>
internal static class GpuBookingRules
{
    /// <summary>The bookings the GPU holds, to read (none is an empty list that is never allocated per GPU).</summary>
    public static IReadOnlyList<ActiveBooking> Held(GpuState state) => state.Bookings ?? (IReadOnlyList<ActiveBooking>)[];

    public static void Add(GpuState state, ActiveBooking booking) => (state.Bookings ??= []).Add(booking);

    /// <summary>Removes the bookings that match; the list goes when it is empty.</summary>
    public static void RemoveAll(GpuState state, Predicate<ActiveBooking> match)
    {
        if (state.Bookings is { } bookings && bookings.RemoveAll(match) > 0 && bookings.Count == 0)
        {
            state.Bookings = null;
        }
    }

    /// <summary>Whether the GPU holds the booking (a retried reservation).</summary>
    public static bool Holds(GpuState state, string bookingId) => IndexOf(state, bookingId) >= 0;

    /// <summary>Takes the booking off the GPU (the list goes when it is empty), and returns it; null when the GPU holds none by that id.</summary>
    public static ActiveBooking? Remove(GpuState state, string bookingId)
    {
        var index = IndexOf(state, bookingId);
        if (index < 0)
        {
            return null;
        }

        var bookings = state.Bookings!;
        var removed = bookings[index];
        bookings.RemoveAt(index);
        if (bookings.Count == 0)
        {
            state.Bookings = null;
        }

        return removed;
    }

    /// <summary>Asked on every reservation and release, so a loop: no closure.</summary>
    private static int IndexOf(GpuState state, string bookingId)
    {
        if (state.Bookings is { } bookings)
        {
            for (var i = 0; i < bookings.Count; i++)
            {
                if (bookings[i].BookingId == bookingId)
                {
                    return i;
                }
            }
        }

        return -1;
    }

    public static void PurgeExpired(GpuState state, DateTimeOffset now)
    {
        // On every reservation, where nothing has expired as a rule: a loop first, so that case costs no closure.
        if (state.Bookings is { } bookings)
        {
            foreach (var booking in bookings)
            {
                if (booking.LeaseUntil <= now)
                {
                    RemoveExpired(state, now);
                    return;
                }
            }
        }
    }

    private static void RemoveExpired(GpuState state, DateTimeOffset now) => RemoveAll(state, b => b.LeaseUntil <= now);

    /// <summary>
    /// Jobs end with their GPU going away; booked windows do not: the booking grain owns them (and the money), and the
    /// window is still the tenant's when the rig comes back.
    /// </summary>
    public static string[] DropJobReservations(GpuState state)
    {
        var running = Held(state).Where(b => !b.Exclusive && b.JobId is not null).Select(b => b.JobId!).ToArray();
        RemoveAll(state, b => !b.Exclusive);
        return running;
    }

    /// <summary>Free job slots now: none while a booked window holds the GPU (jobs under it use <see cref="Conflict"/>).</summary>
    public static int FreeSlots(GpuState state, DateTimeOffset now)
    {
        // Asked on every heartbeat of every GPU: loops, so an idle GPU (no bookings) costs no closure.
        if (state.Bookings is { } bookings)
        {
            foreach (var booking in bookings)
            {
                if (booking.Exclusive && booking.HoldsAt(now))
                {
                    return 0;
                }
            }
        }

        return Math.Max(0, (state.Registration?.Concurrency ?? 1) - JobsRunning(state, now));
    }

    /// <summary>
    /// Why the reservation collides with what the GPU already holds, or null. A booking's window may overlap no other
    /// booking's window nor a running job's lease; a job may not run into a window it does not belong to; a job under
    /// a booking runs only inside that booking's window, on the job slots.
    /// </summary>
    public static string? Conflict(GpuState state, ReservationRequest request, DateTimeOffset now, int maxBookings)
    {
        var bookings = Held(state);
        if (request.UnderBookingId is { } under)
        {
            var window = bookings.FirstOrDefault(b => b.Exclusive && b.BookingId == under);
            return window is null ? $"booking {under} does not hold this GPU"
                : !window.HoldsAt(now) ? $"booking {under} holds this GPU from {window.StartsAt:O}"
                : JobsRunning(state, now) >= (state.Registration?.Concurrency ?? 1) ? "busy"
                : null;
        }

        var from = request.Exclusive ? request.StartsAt ?? now : now;
        if (!request.Exclusive && FreeSlots(state, now) <= 0)
        {
            return "busy";
        }

        if (request.Exclusive && bookings.Count(b => b.Exclusive) >= maxBookings)
        {
            return $"the GPU already has {maxBookings} bookings";
        }

        var clash = bookings.FirstOrDefault(b => (request.Exclusive || b.Exclusive) && b.Overlaps(from, request.LeaseUntil));
        return clash switch
        {
            null => null,
            { Exclusive: true } => $"booked from {(clash.StartsAt ?? now):O} to {clash.LeaseUntil:O}",
            _ => "busy",
        };
    }

    private static int JobsRunning(GpuState state, DateTimeOffset now)
    {
        var running = 0;
        if (state.Bookings is { } bookings)
        {
            foreach (var booking in bookings)
            {
                running += !booking.Exclusive && booking.LeaseUntil > now ? 1 : 0;
            }
        }

        return running;
    }
}
