using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>Where a benchmark silo listens (free loopback ports) and its cluster id.</summary>
public sealed record SiloEndpoints(int SiloPort, int GatewayPort, string ClusterId)
{
    public static SiloEndpoints Fresh() => new(LoopbackPorts.Next(), LoopbackPorts.Next(), $"bench-{Guid.NewGuid():N}");
}
