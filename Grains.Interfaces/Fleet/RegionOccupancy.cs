namespace Aitbc.Orleans.Fleet;

/// <summary>How many GPUs a region holds and how far the farthest is from its centroid (bounds the router's RTT estimate).</summary>
[GenerateSerializer, Immutable, Alias("aitbc.RegionOccupancy")]
public sealed record RegionOccupancy(
    [property: Id(0)] string Region,
    [property: Id(1)] int GpuCount,
    [property: Id(2)] double RadiusKm);
