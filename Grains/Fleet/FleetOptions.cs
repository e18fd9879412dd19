namespace Aitbc.Orleans.Fleet;

/// <summary>Liveness, thermal and link thresholds (figures from the plan). Bound from configuration section "Aitbc:Fleet".</summary>
public sealed class FleetOptions
{
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Booked windows one GPU holds at most (current and future), so its state stays bounded.</summary>
    public int MaxBookingsPerGpu { get; set; } = 32;

    /// <summary>After this many missed heartbeats the miner is offline.</summary>
    public int MissedHeartbeatsBeforeOffline { get; set; } = 3;

    public double WarningC { get; set; } = 75;
    public double CriticalC { get; set; } = 85;
    public double ShutdownC { get; set; } = 95;

    /// <summary>A state is left downwards only once the reading is this far below its threshold.</summary>
    public double HysteresisC { get; set; } = 3;

    /// <summary>A GPU whose link is slower than this (MB/s) cannot take jobs.</summary>
    public double BandwidthFloorMBps { get; set; } = 10;

    /// <summary>RTT at or under this scores full latency QoS.</summary>
    public double LatencyTargetMs { get; set; } = 500;

    /// <summary>RTT at or over this takes the GPU out of routing.</summary>
    public double LatencyPenaltyMs { get; set; } = 2000;

    /// <summary>Stake needed per edge GPU: a miner's stake covers floor(stake / this) of its GPUs; the rest are not routed to.</summary>
    public decimal MinimumStake { get; set; } = 10m;

    /// <summary>Heartbeat-only changes are persisted at most this often; state changes are persisted at once.</summary>
    public TimeSpan TelemetryPersistInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>GPUs one miner may register (its stake must cover each of them).</summary>
    public int MaxGpusPerMiner { get; set; } = 16;

    public int MaxGpuNameLength { get; set; } = 128;

    /// <summary>Reported device memory bounds (MB); CPUs report system memory, hence the high ceiling.</summary>
    public long MinMemoryMb { get; set; } = 256;

    public long MaxMemoryMb { get; set; } = 4L * 1024 * 1024;

    /// <summary>Jobs one device may run at once.</summary>
    public int MaxConcurrency { get; set; } = 64;

    public decimal MaxPriceFloor { get; set; } = 1000m;

    public double MaxPowerBudgetWatts { get; set; } = 100_000;

    public int MaxAvailabilityWindows { get; set; } = 28;

    /// <summary>Refuse GPUs at (0, 0), the location of a rig that never set one (or lies about it).</summary>
    public bool RefuseNullIsland { get; set; } = true;

    /// <summary>Accept simulated GPUs (development, demos). Production silos refuse them.</summary>
    public bool AllowSimulatedGpus { get; set; } = true;

    /// <summary>
    /// How long a grain that a rig uses only when it signs in, enrols, stakes or attests stays active after its last call
    /// (<see cref="Hosting.SignInGrainCollection"/>). Orleans' default is 15 minutes, and a fleet that has just connected
    /// then holds four such activations per rig that its steady state never calls. The silo's collection quantum is
    /// lowered to half of it, so that a reconnect storm's sign-in grains are collected during the storm, not after it.
    /// </summary>
    public TimeSpan SignInGrainIdleAge { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often a GPU shard asks its miner grain whether it still holds the rig's connection (a rig whose miner grain was
    /// lost with a silo, and that nothing else calls). Any call to such a miner grain asks at once, so this bounds only the
    /// quiet case. The question also keeps the miner grain activated, so it must stay under Orleans' collection age (15 min).
    /// </summary>
    public TimeSpan ConnectionCheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan OfflineAfter => HeartbeatInterval * MissedHeartbeatsBeforeOffline;
}
