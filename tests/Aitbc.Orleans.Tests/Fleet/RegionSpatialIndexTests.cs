using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Geo;

namespace Aitbc.Orleans.Tests.Fleet;

public sealed class RegionSpatialIndexTests
{
    [Fact]
    public void Walks_outward_from_the_client_nearest_ring_first()
    {
        var index = new RegionSpatialIndex();
        index.Set("far", new GeoPoint(52.0, 13.0));
        index.Set("mid", new GeoPoint(50.6, 8.7));
        index.Set("near", new GeoPoint(50.12, 8.69));

        var order = index.Outward(new GeoPoint(50.11, 8.68)).ToArray();

        Assert.Equal(["near", "mid", "far"], order.Select(o => o.GpuId));
        Assert.True(order[0].RingMinKm <= order[1].RingMinKm && order[1].RingMinKm <= order[2].RingMinKm);
        Assert.True(GeoMath.HaversineKm(new GeoPoint(50.11, 8.68), new GeoPoint(52.0, 13.0)) >= order[2].RingMinKm);
    }

    [Fact]
    public void A_client_outside_the_region_and_across_the_antimeridian_still_finds_every_gpu()
    {
        var index = new RegionSpatialIndex();
        index.Set("fiji", new GeoPoint(-17.7, 179.9));
        index.Set("auckland", new GeoPoint(-36.85, 174.76));

        var fromSamoa = index.Outward(new GeoPoint(-13.8, -171.8)).Select(o => o.GpuId).ToArray();
        var fromLondon = index.Outward(new GeoPoint(51.5, -0.1)).Select(o => o.GpuId).ToArray();

        Assert.Equal(["fiji", "auckland"], fromSamoa);
        Assert.Equal(2, fromLondon.Length);
    }

    [Fact]
    public void Moved_and_removed_gpus_leave_their_old_cells()
    {
        var index = new RegionSpatialIndex();
        index.Set("a", new GeoPoint(10, 10));
        index.Set("a", new GeoPoint(20, 20));
        index.Set("b", new GeoPoint(10.1, 10.1));
        index.Remove("b");

        var found = index.Outward(new GeoPoint(10, 10)).ToArray();

        Assert.Equal(1, index.Count);
        Assert.Equal("a", Assert.Single(found).GpuId);
        Assert.True(found[0].RingMinKm > 500);
    }
}
