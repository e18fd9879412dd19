using Aitbc.Orleans.Fleet.Profiles;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Xunit;

namespace Aitbc.Orleans.Tests.Fleet.Profiles;

public sealed class GpuProfileSerializationTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static T RoundTrip<T>(T value) => Serializer.Deserialize<T>(Serializer.SerializeToArray(value))!;

    [Fact]
    public void Profiles_classifications_and_recommendations_survive_orleans_serialization()
    {
        var classification = GpuClassifier.Default.Classify("NVIDIA Jetson AGX Orin Developer Kit", 62800);
        var copy = RoundTrip(classification);
        Assert.Equal(classification, copy);
        Assert.NotSame(classification.Profile.Aliases, copy.Profile.Aliases);
        Assert.Equal(classification.Profile.Aliases, copy.Profile.Aliases);

        var unknown = GpuClassifier.Default.Classify("Mystery Accelerator", 4096);
        Assert.Equal(unknown, RoundTrip(unknown));

        var recommendation = GpuClassifier.Default.RecommendPrecision(classification.Profile, 7_000_000_000, 0);
        Assert.Equal(recommendation, RoundTrip(recommendation));
    }
}
