using Aitbc.Orleans.Geo;

namespace Aitbc.Orleans.Fleet.Regions;

[GenerateSerializer, Immutable, Alias("aitbc.RegionInfo")]
public sealed record RegionInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] GeoPoint Centroid,
    [property: Id(3)] IReadOnlyList<string> Neighbours);
