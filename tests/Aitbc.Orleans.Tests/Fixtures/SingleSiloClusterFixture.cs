namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// A one-silo cluster with the default fixture's settings, for a test that stops the silo: the client's gateway is
/// then the silo that stops, so what it answers while stopping reaches the client.
/// </summary>
public sealed class SingleSiloClusterFixture : ClusterFixture
{
    protected override short Silos => 1;
}
