using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Profiles;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>One GPU: profile, where it is, whether it takes work now and why not, thermal state, QoS, simulated or real.</summary>
public sealed record GpuResponse(
    string GpuId,
    string MinerId,
    string Region,
    LocationBody Location,
    GpuVendor Vendor,
    string ProfileName,
    bool ProfileKnown,
    double VramGb,
    PoolKind Pool,
    bool Simulated,
    bool Online,
    bool Available,
    bool Routable,
    string? NotRoutableReason,
    ThermalState Thermal,
    double QosScore,
    QosBreakdown Qos,
    decimal PriceFloor,
    int FreeSlots,
    int ActiveJobs,
    double EdgeSuitability,
    double? PowerBudgetWatts,
    GpuTelemetry? Telemetry,
    DateTimeOffset? LastHeartbeat,
    GpuProfile Profile)
{
    public static GpuResponse From(GpuSnapshot gpu)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        return new GpuResponse(
            gpu.GpuId, gpu.MinerId, gpu.Region, new LocationBody(gpu.Location.Latitude, gpu.Location.Longitude), gpu.Profile.Vendor,
            gpu.Profile.Name, gpu.ProfileKnown, gpu.Profile.VramGb, gpu.Pool, gpu.Simulated, gpu.Online, gpu.Available,
            gpu.Routing.Routable, gpu.Routing.NotRoutableReason, gpu.Thermal, gpu.QosScore, gpu.Qos, gpu.PriceFloor,
            gpu.Routing.FreeSlots, gpu.ActiveJobs.Count, gpu.EdgeSuitability, gpu.PowerBudgetWatts, gpu.LastTelemetry,
            gpu.LastHeartbeat, gpu.Profile);
    }
}
