using Aitbc.Orleans.Fleet;

namespace Aitbc.Orleans.Tests.Routing;

public sealed class RegionChangeLogTests
{
    [Fact]
    public void Serves_the_gpus_changed_after_a_version_until_the_ring_has_moved_past_it()
    {
        var log = new RegionChangeLog(4);
        log.Reset(10);
        Assert.True(log.CanServe(10));
        Assert.False(log.CanServe(9));

        log.Record("a");
        log.Record("b");
        log.Record("a");
        log.Bump();
        Assert.Equal(14, log.Version);
        Assert.Equal(["a", "b"], log.ChangedAfter(10).Order());
        Assert.Equal(["a"], log.ChangedAfter(12));
        Assert.Empty(log.ChangedAfter(14));
        Assert.False(log.CanServe(15));

        // Two more changes push "a"@11 out of a ring of four: a reader at 10 now needs a full copy, one at 11 does not.
        log.Record("c");
        log.Record("d");
        Assert.False(log.CanServe(10));
        Assert.True(log.CanServe(11));
        Assert.Equal(["a", "b", "c", "d"], log.ChangedAfter(11).Order());
    }
}
