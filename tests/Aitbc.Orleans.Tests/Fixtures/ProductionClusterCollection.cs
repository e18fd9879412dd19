namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>The tests that run against the one local production cluster (real processes, TLS, PostgreSQL).</summary>
[CollectionDefinition(Name)]
public sealed class ProductionClusterCollection : ICollectionFixture<ProductionClusterFixture>
{
    public const string Name = "production cluster";
}
