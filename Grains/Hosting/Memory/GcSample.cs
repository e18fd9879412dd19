namespace Aitbc.Orleans.Hosting.Memory;

/// <summary>What the GC reports at one check: how many gen0 collections so far, what it has committed, what its heap holds.</summary>
public readonly record struct GcSample(int Gen0Collections, long CommittedBytes, long HeapSizeBytes)
{
    /// <summary>Memory the GC keeps committed with no objects in it (never negative).</summary>
    public long EmptyCommittedBytes => Math.Max(0, CommittedBytes - HeapSizeBytes);

    public static GcSample Now()
    {
        var info = GC.GetGCMemoryInfo();
        return new GcSample(GC.CollectionCount(0), info.TotalCommittedBytes, info.HeapSizeBytes);
    }
}
