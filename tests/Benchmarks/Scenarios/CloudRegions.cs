using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Routing;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>The cloud baseline: three hyperscaler regions, and a client served by whichever is nearest by the same RTT model.</summary>
public static class CloudRegions
{
    public static readonly (string Name, GeoPoint Location)[] All =
    [
        ("us-east-1 (N. Virginia)", new GeoPoint(38.9, -77.4)),
        ("eu-west-1 (Dublin)", new GeoPoint(53.35, -6.26)),
        ("ap-southeast-1 (Singapore)", new GeoPoint(1.35, 103.82)),
    ];

    public static double NearestRttMs(GeoPoint client) => All.Min(r => RttModel.Estimate(client, r.Location, 0));
}
