namespace Aitbc.Orleans.Trust;

/// <summary>What a rule lets one kind of caller do with one grain method.</summary>
public enum CallAccess
{
    Deny = 0,

    /// <summary>Any grain of the type.</summary>
    Any,

    /// <summary>Only the grain keyed by the caller's own id (a miner's own MinerGrain, stake).</summary>
    OwnKey,

    /// <summary>Only grains keyed "{caller id}:..." (a miner's own GPUs).</summary>
    OwnGpuKey,

    /// <summary>Only when the GPU id the call names (its first argument, or that argument's GpuId) is one of the caller's.</summary>
    OwnGpuArgument,

    /// <summary>A model grain (key: model id) of a job currently assigned to one of the caller's GPUs.</summary>
    AssignedModel,

    /// <summary>A model chunk grain (key: "{sha256}/{index}") of such a model.</summary>
    AssignedModelChunk,

    /// <summary>An API key record whose only role is "miner" (gateways issue miners' credentials at enrolment).</summary>
    MinerCredentialRecord,
}
