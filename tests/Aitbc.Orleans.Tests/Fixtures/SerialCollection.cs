namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>Load tests that must not share the two cores with other test classes, or their timings and timeouts lie.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "serial";
}
