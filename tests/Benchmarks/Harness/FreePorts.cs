using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>Ports free now, below the ephemeral range (<see cref="LoopbackPorts"/>): other builds and test runs on the same machine use the default 11111/30000.</summary>
public static class FreePorts
{
    public static int Next() => LoopbackPorts.Next();
}
