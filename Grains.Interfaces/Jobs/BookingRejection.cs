namespace Aitbc.Orleans.Jobs;

/// <summary>Why a booking was refused; the gateway maps each to its HTTP status and gRPC code.</summary>
[GenerateSerializer, Alias("aitbc.BookingRejection")]
public enum BookingRejection
{
    None = 0,

    /// <summary>The request itself is wrong (a window in the past, too long, an unknown GPU).</summary>
    Invalid = 1,

    /// <summary>The GPU (or every GPU of the class) is booked or cannot take work in that window.</summary>
    Unavailable = 2,

    /// <summary>The hourly rate is above the tenant's cap.</summary>
    PriceAboveCap = 3,

    InsufficientFunds = 4,

    /// <summary>Interrupted before its hold and lease were both taken, and rolled back.</summary>
    Interrupted = 5,
}
