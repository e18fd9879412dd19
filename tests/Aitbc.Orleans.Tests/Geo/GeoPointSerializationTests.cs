using Aitbc.Orleans.Geo;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Xunit;

namespace Aitbc.Orleans.Tests.Geo;

public sealed class GeoPointSerializationTests
{
    [Fact]
    public void Round_trips_through_the_orleans_serializer()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var point = new GeoPoint(-33.8688, 151.2093);

        var copy = serializer.Deserialize<GeoPoint>(serializer.SerializeToArray(point));

        Assert.Equal(point, copy);
    }
}
