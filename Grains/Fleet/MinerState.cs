namespace Aitbc.Orleans.Fleet;

/// <summary>
/// A miner's identity, liveness and its GPUs' ids. The GPUs' registrations are not kept here: each is its row's, in the
/// miner's shard (<see cref="Rows.GpuShardGrain"/>), and a second copy cost about 100 bytes of storage per GPU.
/// </summary>
[GenerateSerializer, Alias("aitbc.MinerState")]
public sealed class MinerState
{
    /// <summary>The accepted registration with an empty GPU list (a state written before held the GPUs here too).</summary>
    [Id(0)] public MinerRegistration? Registration { get; set; }
    [Id(1)] public bool Online { get; set; }
    [Id(2)] public DateTimeOffset? LastHeartbeat { get; set; }
    [Id(3)] public DateTimeOffset? RegisteredAt { get; set; }
    [Id(4)] public int Reconnects { get; set; }

    /// <summary>The challenge of the last accepted registration: a registration is never accepted twice.</summary>
    [Id(5)] public string? LastChallenge { get; set; }

    /// <summary>The registered GPUs' ids, in the order the miner reported them.</summary>
    [Id(6)] public string[] GpuIds { get; set; } = [];

    /// <summary>Each registered GPU's pool, beside <see cref="GpuIds"/> (stake covers edge GPUs in this order).</summary>
    [Id(7)] public PoolKind[] GpuPools { get; set; } = [];

    /// <summary>Takes the GPUs' ids and pools from a registration and keeps it without its GPU list.</summary>
    public void Accept(MinerRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        GpuIds = registration.Gpus.Select(g => g.GpuId).ToArray();
        GpuPools = registration.Gpus.Select(g => g.Pool).ToArray();
        Registration = registration with { Gpus = [] };
    }

    /// <summary>A state written before the GPU ids had fields of their own still lists them in its registration.</summary>
    public void Upgrade()
    {
        if (Registration is { Gpus.Count: > 0 } old)
        {
            Accept(old);
        }
    }
}
