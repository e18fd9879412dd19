namespace Aitbc.Orleans.Fleet;

/// <summary>How an attempt ended, for the GPU's QoS.</summary>
[GenerateSerializer, Alias("aitbc.JobOutcomeKind")]
public enum JobOutcomeKind
{
    Success = 0,

    /// <summary>Verification found the result wrong.</summary>
    WrongResult = 1,

    /// <summary>The miner reported a failure, refused the push, or answered outputs that do not fit the model or a bad signature.</summary>
    Failure = 2,

    /// <summary>No acknowledgement, or no result before the execution deadline.</summary>
    Timeout = 3,

    /// <summary>The GPU went away mid-run (offline, deregistered, thermal shutdown).</summary>
    Abandoned = 4,
}
