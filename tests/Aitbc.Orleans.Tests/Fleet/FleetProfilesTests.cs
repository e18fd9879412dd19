using Aitbc.Orleans.Fleet.Admission;
using Aitbc.Orleans.Fleet.Profiles;
using Xunit;

namespace Aitbc.Orleans.Tests.Fleet;

/// <summary>
/// A profile the classifier derives (an integrated GPU sized by its machine's memory) is a new object per call; every
/// GPU's row holds its profile, so the silo keeps one copy of each.
/// </summary>
public sealed class FleetProfilesTests
{
    [Fact]
    public void Derived_profiles_of_the_same_device_and_memory_are_one_object()
    {
        var first = GpuClassifier.Default.Classify("Apple M2 Max", 98304).Profile;
        var second = GpuClassifier.Default.Classify("Apple M2 Max", 98304).Profile;
        Assert.NotSame(first, second);

        var shared = FleetProfiles.Shared(first);
        Assert.Same(shared, FleetProfiles.Shared(second));
        Assert.Equal(first, shared);

        // Another memory size is another profile.
        var other = FleetProfiles.Shared(GpuClassifier.Default.Classify("Apple M2 Max", 65536).Profile);
        Assert.NotSame(shared, other);
        Assert.NotEqual(shared.VramGb, other.VramGb);
    }
}
