namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// Managed heap after full, compacting, blocking collections: what live objects cost, without garbage. The silo
/// keeps working while it is measured (region timers run every second, and the routing snapshot's pulls answer changes), so one reading can
/// catch transient buffers; the smallest of three readings a little apart is the steady state.
/// </summary>
public static class HeapMeter
{
    public static HeapReading Measure()
    {
        HeapReading? best = null;
        for (var i = 0; i < 3; i++)
        {
            if (i > 0)
            {
                Thread.Sleep(300);
            }

            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
            var reading = new HeapReading(
                GC.GetTotalMemory(forceFullCollection: false), info.HeapSizeBytes, Environment.WorkingSet, info.TotalCommittedBytes, info.FragmentedBytes);
            if (best is null || reading.TotalMemoryBytes < best.TotalMemoryBytes)
            {
                best = reading;
            }
        }

        return best!;
    }

    /// <summary>What the process holds now, as an idle silo would: no collection is forced.</summary>
    public static HeapReading Peek()
    {
        var info = GC.GetGCMemoryInfo();
        var full = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        return new HeapReading(GC.GetTotalMemory(forceFullCollection: false), info.HeapSizeBytes, Environment.WorkingSet, info.TotalCommittedBytes, info.FragmentedBytes,
            full.PauseDurations.Length > 0 ? full.PauseDurations[0].TotalMilliseconds : 0);
    }
}
