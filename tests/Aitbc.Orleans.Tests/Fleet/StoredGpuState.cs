using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Qos;

namespace Aitbc.Orleans.Tests.Fleet;

/// <summary>
/// <see cref="GpuState"/> as it was stored before its times and RTT average were held compactly in memory: plain
/// properties of the stored types under the same ids. States written then must read now, and the reverse.
/// </summary>
[GenerateSerializer]
public sealed class StoredGpuState
{
    [Id(0)] public GpuRegistration? Registration { get; set; }
    [Id(3)] public string Region { get; set; } = "";
    [Id(4)] public bool Online { get; set; }
    [Id(5)] public DateTimeOffset? LastHeartbeat { get; set; }
    [Id(14)] public GpuTelemetry? LastTelemetry { get; set; }
    [Id(15)] public double? RttEwmaMs { get; set; }
    [Id(7)] public ThermalState Thermal { get; set; }
    [Id(8)] public List<ActiveBooking>? Bookings { get; set; }
    [Id(9)] public List<QosBucket>? Qos { get; set; }
    [Id(10)] public bool StakeSufficient { get; set; }
    [Id(11)] public DateTimeOffset RegisteredAt { get; set; }
    [Id(13)] public string? OfflineReason { get; set; }
    [Id(16)] public string? IntegrityBlock { get; set; }
    [Id(17)] public DateTimeOffset? AttestedUntil { get; set; }
}
