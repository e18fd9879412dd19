namespace Aitbc.Orleans.Fleet;

/// <summary>
/// What changed in a region's index after a version: the current summary of every GPU that changed (or the whole index
/// when <see cref="Full"/>: a new reader, another epoch of the region, or a reader further behind than the region's
/// change log reaches), the ids that left it, and the region's queue length. Applying it brings a copy from
/// <see cref="FromVersion"/> to <see cref="ToVersion"/> of <see cref="Epoch"/>, the region activation's random id.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.RegionChanges")]
public sealed record RegionChanges(
    [property: Id(0)] string Region,
    [property: Id(1)] long Epoch,
    [property: Id(2)] long FromVersion,
    [property: Id(3)] long ToVersion,
    [property: Id(4)] bool Full,
    [property: Id(5)] IReadOnlyList<GpuRoutingSummary> Upserts,
    [property: Id(6)] IReadOnlyList<string> Removed,
    [property: Id(7)] int QueueLength);
