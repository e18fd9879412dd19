using Aitbc.Orleans.Fleet.Qos;

namespace Aitbc.Orleans.Fleet;

[GenerateSerializer, Alias("aitbc.GpuState")]
public sealed class GpuState
{
    /// <summary>
    /// The profile is not stored: the GPU's row derives it from this by the classifier (on registration and on load),
    /// so a catalogue profile is one object shared by every GPU of its kind.
    /// </summary>
    [Id(0)] public GpuRegistration? Registration { get; set; }
    [Id(3)] public string Region { get; set; } = "";
    [Id(4)] public bool Online { get; set; }
    [Id(5)] public DateTimeOffset? LastHeartbeat { get; set; }

    /// <summary>The latest reading; a window of readings was 20 objects per GPU, and routing needs only this and the RTT average.</summary>
    [Id(14)] public GpuTelemetry? LastTelemetry { get; set; }

    /// <summary>Exponentially weighted RTT over the readings so far (<see cref="Routing.RttModel.Next"/>).</summary>
    [Id(15)] public double? RttEwmaMs { get; set; }
    [Id(7)] public ThermalState Thermal { get; set; }
    /// <summary>Held bookings; null while there are none (most GPUs, most of the time), so an idle row holds no list.</summary>
    [Id(8)] public List<ActiveBooking>? Bookings { get; set; }

    /// <summary>QoS counters, at most four 6-hour buckets; null until the GPU's first heartbeat or outcome.</summary>
    [Id(9)] public List<QosBucket>? Qos { get; set; }
    [Id(10)] public bool StakeSufficient { get; set; }
    [Id(11)] public DateTimeOffset RegisteredAt { get; set; }
    [Id(13)] public string? OfflineReason { get; set; }

    /// <summary>Set by the GPU's integrity grain (wrong results, a failed hardware challenge); routing stops while set.</summary>
    [Id(16)] public string? IntegrityBlock { get; set; }

    /// <summary>Until when a software attestation of the miner covers this GPU (set by the attestation grain, never by the miner).</summary>
    [Id(17)] public DateTimeOffset? AttestedUntil { get; set; }

    /// <summary>This GPU's row in its shard's memory (never stored): the shard finds rows through its state's one dictionary.</summary>
    [NonSerialized]
    internal Rows.GpuRow? Row;
}
