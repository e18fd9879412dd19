using Aitbc.Orleans.Geo;

namespace Aitbc.Orleans.Fleet.Regions;

/// <summary>
/// Named regions with centroids. The rule: a location belongs to the region whose centroid is nearest by great-circle
/// distance. Neighbours of a region are the four nearest other centroids plus any other centroid within 1500 km.
/// Named regions (rather than geohash cells) keep the region count small (tens), so a router can ask every region
/// inside a latency budget in one parallel fan-out.
/// </summary>
public sealed class RegionCatalog
{
    private const double NeighbourRadiusKm = 1500;
    private const int NearestNeighbours = 4;

    private static readonly (string Id, string Name, double Lat, double Lon)[] Centroids =
    [
        ("na-east", "North America East (Virginia)", 38.9, -77.4),
        ("na-northeast", "North America Northeast (Toronto/Montreal)", 44.5, -76.0),
        ("na-central", "North America Central (Chicago)", 41.9, -87.6),
        ("na-south", "North America South (Dallas/Houston)", 31.0, -96.5),
        ("na-southeast", "North America Southeast (Atlanta/Miami)", 30.0, -83.5),
        ("na-mountain", "North America Mountain (Denver)", 39.7, -105.0),
        ("na-west", "North America West (California)", 36.5, -120.5),
        ("na-northwest", "North America Northwest (Seattle/Vancouver)", 47.9, -122.5),
        ("mx-central", "Mexico and Central America", 19.4, -99.1),
        ("sa-north", "South America North (Bogota/Caracas)", 7.0, -72.0),
        ("sa-east", "South America East (Sao Paulo/Rio)", -23.0, -45.5),
        ("sa-south", "South America South (Buenos Aires/Santiago)", -34.6, -63.0),
        ("eu-west", "Europe West (Ireland/UK)", 52.5, -3.5),
        ("eu-north", "Europe North (Nordics)", 59.8, 15.0),
        ("eu-central", "Europe Central (Frankfurt)", 50.1, 8.7),
        ("eu-france", "Europe France and Benelux", 48.0, 3.0),
        ("eu-south", "Europe South (Iberia/Italy)", 41.0, 5.0),
        ("eu-east", "Europe East (Warsaw/Kyiv)", 50.5, 24.0),
        ("eu-southeast", "Europe Southeast (Balkans/Greece/Turkey)", 41.5, 24.5),
        ("ru-central", "Russia Central (Moscow)", 55.7, 37.6),
        ("me-central", "Middle East (Gulf)", 25.0, 51.0),
        ("me-levant", "Middle East Levant (Israel/Jordan)", 32.0, 35.5),
        ("af-north", "Africa North (Cairo/Maghreb)", 31.0, 15.0),
        ("af-west", "Africa West (Lagos/Accra)", 6.5, 3.4),
        ("af-east", "Africa East (Nairobi)", -1.3, 36.8),
        ("af-south", "Africa South (Johannesburg/Cape Town)", -28.5, 24.0),
        ("as-south", "Asia South (Mumbai/Bangalore)", 17.0, 76.0),
        ("as-north-india", "Asia North India (Delhi)", 28.6, 77.2),
        ("as-central", "Central Asia (Almaty/Tashkent)", 42.0, 70.0),
        ("as-southeast", "Asia Southeast (Singapore/Jakarta)", 1.3, 103.8),
        ("as-indochina", "Asia Indochina (Bangkok/Hanoi)", 14.5, 102.5),
        ("as-philippines", "Asia Philippines", 14.6, 121.0),
        ("as-china-south", "China South (Shenzhen/Hong Kong)", 23.0, 113.5),
        ("as-china-east", "China East (Shanghai)", 31.2, 121.0),
        ("as-china-north", "China North (Beijing)", 39.9, 116.4),
        ("as-china-west", "China West (Chengdu)", 30.6, 104.1),
        ("as-korea", "Korea (Seoul)", 37.5, 127.0),
        ("as-japan", "Japan (Tokyo/Osaka)", 35.3, 137.5),
        ("as-taiwan", "Taiwan", 24.5, 121.0),
        ("oc-east", "Oceania East (Sydney/Melbourne/Brisbane)", -33.0, 150.0),
        ("oc-west", "Oceania West (Perth)", -31.9, 115.9),
        ("oc-nz", "New Zealand", -38.5, 175.5),
    ];

    private readonly Dictionary<string, RegionInfo> _byId;

    private RegionCatalog()
    {
        var points = Centroids.Select(c => (c.Id, c.Name, Point: new GeoPoint(c.Lat, c.Lon))).ToArray();
        _byId = new Dictionary<string, RegionInfo>(StringComparer.Ordinal);
        foreach (var (id, name, point) in points)
        {
            var neighbours = points
                .Where(o => o.Id != id)
                .Select(o => (o.Id, Km: GeoMath.HaversineKm(point, o.Point)))
                .OrderBy(o => o.Km)
                .Select((o, rank) => (o.Id, o.Km, rank))
                .Where(o => o.rank < NearestNeighbours || o.Km <= NeighbourRadiusKm)
                .Select(o => o.Id)
                .ToArray();
            _byId[id] = new RegionInfo(id, name, point, neighbours);
        }

        All = points.Select(p => _byId[p.Id]).ToArray();
    }

    public static RegionCatalog Default { get; } = new();

    public IReadOnlyList<RegionInfo> All { get; }

    public RegionInfo? Find(string id) => _byId.GetValueOrDefault(id);

    public RegionInfo RegionOf(GeoPoint location)
    {
        RegionInfo best = All[0];
        var bestKm = double.MaxValue;
        foreach (var region in All)
        {
            var km = GeoMath.HaversineKm(location, region.Centroid);
            if (km < bestKm)
            {
                bestKm = km;
                best = region;
            }
        }

        return best;
    }
}
