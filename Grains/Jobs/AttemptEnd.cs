namespace Aitbc.Orleans.Jobs;

/// <summary>How an attempt ended, which decides what leaving it owes the fleet.</summary>
internal enum AttemptEnd
{
    /// <summary>The miner reported a failure, refused the push, or returned outputs that do not fit the model: release the booking.</summary>
    Failed,

    /// <summary>The result's signature did not verify: release the booking (the slash is separate).</summary>
    Forged,

    /// <summary>The miner was not connected when the job was pushed: release the booking; the GPU is not to blame, nor excluded for good.</summary>
    Unreachable,

    /// <summary>Past the deadline or never acknowledged: the miner may still be working, so tell it to stop, and release.</summary>
    Abandoned,

    /// <summary>The GPU went away and already dropped the booking: owe it nothing.</summary>
    Lost,

    /// <summary>The job ended while the attempt ran (cancelled, failed for good): tell the miner to stop, and release.</summary>
    Cancelled,
}
