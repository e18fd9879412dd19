using Aitbc.Orleans.Fleet.Profiles;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>How a reported device name maps onto the catalogue.</summary>
public sealed record ProfileMatchResponse(string Name, long? MemoryMb, bool IsKnown, string? MatchedAlias, double Confidence, GpuProfile Profile);
