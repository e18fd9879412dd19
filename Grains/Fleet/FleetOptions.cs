namespace Aitbc.Orleans.Fleet;

/// <summary>Liveness, thermal and link thresholds (figures from the plan). Bound from configuration section "Aitbc:Fleet".</summary>
public sealed class FleetOptions
{
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

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

    /// <summary>A miner whose stake is under this cannot be routed to.</summary>
    public decimal MinimumStake { get; set; } = 10m;

    /// <summary>Heartbeat-only changes are persisted at most this often; state changes are persisted at once.</summary>
    public TimeSpan TelemetryPersistInterval { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan OfflineAfter => HeartbeatInterval * MissedHeartbeatsBeforeOffline;
}
