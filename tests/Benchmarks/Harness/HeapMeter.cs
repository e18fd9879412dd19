namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>Managed heap after full, compacting, blocking collections: what live objects cost, without garbage.</summary>
public static class HeapMeter
{
    public static HeapReading Measure()
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        var total = GC.GetTotalMemory(forceFullCollection: true);
        return new HeapReading(total, GC.GetGCMemoryInfo().HeapSizeBytes);
    }
}
