using Aitbc.Orleans.Fleet.Qos;

namespace Aitbc.Orleans.Fleet;

/// <summary>
/// One GPU's durable record (a row of its miner's shard). Times and the RTT average are held compactly in memory (UTC
/// ticks, NaN for none: a hundred thousand of these are resident) behind properties of the stored types, so the
/// stored format is the one states already written use.
/// </summary>
[GenerateSerializer, Alias("aitbc.GpuState")]
public sealed class GpuState
{
    [NonSerialized]
    private long _lastHeartbeat;
    [NonSerialized]
    private long _registeredAt;
    [NonSerialized]
    private long _attestedUntil;
    [NonSerialized]
    private double _rttEwmaMs = double.NaN;
    [NonSerialized]
    private HeldTelemetry _telemetry;

    /// <summary>
    /// The profile is not stored: the GPU's row derives it from this by the classifier (on registration and on load),
    /// so a catalogue profile is one object shared by every GPU of its kind.
    /// </summary>
    [Id(0)] public GpuRegistration? Registration { get; set; }
    [Id(3)] public string Region { get; set; } = "";
    [Id(4)] public bool Online { get; set; }

    [Id(5)]
    public DateTimeOffset? LastHeartbeat
    {
        get => UtcTicks.ToNullable(_lastHeartbeat);
        set => _lastHeartbeat = UtcTicks.Of(value);
    }

    /// <summary>
    /// The latest reading; a window of readings was 20 objects per GPU, and routing needs only this and the RTT average.
    /// Held as values (<see cref="Telemetry"/>), so reading this property builds a new message.
    /// </summary>
    [Id(14)]
    public GpuTelemetry? LastTelemetry
    {
        get => _telemetry.ToMessage();
        set => _telemetry = HeldTelemetry.Of(value);
    }

    /// <summary>The latest reading without an allocation (what the heartbeat, routing and QoS paths read).</summary>
    internal HeldTelemetry Telemetry => _telemetry;

    /// <summary>Exponentially weighted RTT over the readings so far (<see cref="Routing.RttModel.Next"/>).</summary>
    [Id(15)]
    public double? RttEwmaMs
    {
        get => double.IsNaN(_rttEwmaMs) ? null : _rttEwmaMs;
        set => _rttEwmaMs = value ?? double.NaN;
    }

    [Id(7)] public ThermalState Thermal { get; set; }
    /// <summary>Held bookings; null while there are none (most GPUs, most of the time), so an idle row holds no list.</summary>
    [Id(8)] public List<ActiveBooking>? Bookings { get; set; }

    /// <summary>QoS counters, at most four 6-hour buckets; null until the GPU's first heartbeat or outcome.</summary>
    [Id(9)] public List<QosBucket>? Qos { get; set; }
    [Id(10)] public bool StakeSufficient { get; set; }

    [Id(11)]
    public DateTimeOffset RegisteredAt
    {
        get => UtcTicks.ToTime(_registeredAt);
        set => _registeredAt = UtcTicks.Of(value);
    }

    [Id(13)] public string? OfflineReason { get; set; }

    /// <summary>Set by the GPU's integrity grain (wrong results, a failed hardware challenge); routing stops while set.</summary>
    [Id(16)] public string? IntegrityBlock { get; set; }

    /// <summary>Until when a software attestation of the miner covers this GPU (set by the attestation grain, never by the miner).</summary>
    [Id(17)]
    public DateTimeOffset? AttestedUntil
    {
        get => UtcTicks.ToNullable(_attestedUntil);
        set => _attestedUntil = UtcTicks.Of(value);
    }

    /// <summary>This GPU's row in its shard's memory (never stored): the shard finds rows through its state's one dictionary.</summary>
    [NonSerialized]
    internal Rows.GpuRow? Row;

    /// <summary>
    /// The row's in-memory flags (never stored), kept here because this object has spare bytes after its last field (it
    /// stayed 120 B then) while on the row they took it from 80 to 88 B: whether the row is unconfirmed since a restore,
    /// whether its profile is a catalogue one, and whether the rig's current session reports it.
    /// </summary>
    [NonSerialized]
    internal bool RowUnconfirmed;

    [NonSerialized]
    internal bool RowProfileKnown;

    [NonSerialized]
    internal bool RowInSession;
}
