using Aitbc.Orleans.Routing;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// A cluster whose routing snapshots go stale on purpose: each silo's sync takes the regions once at start and then
/// pauses for an hour, and the client does not bring the snapshots up to date before routing. Tests move them with
/// <see cref="ClusterFixture.SnapshotsCaughtUp"/> (or the router does, before it answers "no capacity").
/// </summary>
public sealed class StaleSnapshotClusterFixture : ClusterFixture
{
    protected override bool CatchUpBeforeRouting => false;

    protected override void ConfigureRouting(RoutingOptions options)
    {
        options.SnapshotBatchInterval = TimeSpan.FromHours(1);

        // A silo's snapshot would see its own rows' changes at once; here every snapshot moves only when a test says so.
        options.SnapshotSeesOwnChanges = false;
    }
}
