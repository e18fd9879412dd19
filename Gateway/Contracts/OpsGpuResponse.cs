using Aitbc.Orleans.Fleet;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>One online GPU on the operators' fleet map: where, which pool, and its state (available, busy, or not routable with why).</summary>
public sealed record OpsGpuResponse(string GpuId, string MinerId, string Region, LocationBody Location, PoolKind Pool, string State, string? Reason, ThermalState Thermal);
