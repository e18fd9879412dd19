using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Operations;
using Aitbc.Orleans.Routing;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Hosting;

/// <summary>
/// <see cref="GrainReferences.Grain{T}(IGrainFactory, string)"/> builds references from a grain type it resolved once:
/// each one must name the same grain, with the same interface, as Orleans' own <c>GetGrain</c>, and reach it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GrainReferencesTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public void String_keyed_references_name_the_same_grain_and_interface_as_GetGrain_before_and_after_the_type_is_resolved()
    {
        foreach (var key in new[] { "eu-west", "as-south", "region with spaces" })
        {
            var ours = (GrainReference)(object)Grains.Grain<IRegionGrain>(key);
            var orleans = (GrainReference)(object)Grains.GetGrain<IRegionGrain>(key);
            Assert.Equal(orleans.GrainId, ours.GrainId);
            Assert.Equal(orleans.InterfaceType, ours.InterfaceType);
        }

        Assert.NotEqual(Grains.Grain<IRegionGrain>("a").GetGrainId(), Grains.Grain<IRegionGrain>("b").GetGrainId());
    }

    [Fact]
    public void Integer_keyed_references_name_the_same_grain_as_GetGrain()
    {
        foreach (var key in new long[] { 0, 7, -3 })
        {
            Assert.Equal(Grains.GetGrain<IRouterGrain>(key).GetGrainId(), Grains.Grain<IRouterGrain>(key).GetGrainId());
        }
    }

    [Fact]
    public async Task A_cached_reference_reaches_its_grain()
    {
        _ = Grains.Grain<IPingGrain>(1); // resolves the type; the next one is built from the cache
        Assert.Equal(6, await Grains.Grain<IPingGrain>(2).Ping(5)); // the ping grain answers value + 1
    }

    [Fact]
    public void A_blank_key_is_refused_as_GetGrain_refuses_it() =>
        Assert.ThrowsAny<ArgumentException>(() => Grains.Grain<IRegionGrain>(" "));
}
