namespace Aitbc.Orleans.Routing.Snapshot;

/// <summary>How far a copy of a region has got: the region activation's epoch and the last version applied (0, 0: nothing yet).</summary>
public readonly record struct RegionChangesPosition(long Epoch, long Version);
