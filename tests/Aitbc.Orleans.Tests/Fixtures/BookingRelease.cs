using Aitbc.Orleans.Fleet;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>Giving back a booking a test holds, now that a release sends no reply.</summary>
public static class BookingRelease
{
    /// <summary>
    /// Releases a booking a test holds and waits until the GPU's region holds the GPU free again. A reservation's and a
    /// release's summaries reach the region with their silo's next batch, in order: so first wait for the reservation's.
    /// </summary>
    public static async Task ReleaseAndSettle(this IGrainFactory grains, string gpuId, string bookingId)
    {
        var gpu = grains.GetGrain<IGpuGrain>(gpuId);
        var region = grains.GetGrain<IRegionGrain>((await gpu.GetSnapshot())!.Region);
        Task RegionHolds(bool free) => TestWait.Until(
            async () => (await region.ListGpus()).Any(g => g.GpuId == gpuId && (g.FreeSlots > 0) == free),
            TimeSpan.FromSeconds(20), $"the region holds {gpuId} {(free ? "free" : "busy")}");
        await RegionHolds(free: false);
        await gpu.Release(bookingId);
        await RegionHolds(free: true);
    }

    /// <summary>
    /// Waits until the region holds a GPU free again after the job that ran on it ended (the job's release is one-way),
    /// so that the next job a test routes there does not find it still busy.
    /// </summary>
    public static async Task GpuFreeAgain(this IGrainFactory grains, string gpuId)
    {
        var gpu = grains.GetGrain<IGpuGrain>(gpuId);
        var region = grains.GetGrain<IRegionGrain>((await gpu.GetSnapshot())!.Region);
        try
        {
            await TestWait.Until(
                async () => (await region.ListGpus()).Any(g => g.GpuId == gpuId && g.FreeSlots > 0),
                TimeSpan.FromSeconds(20), $"the region holds {gpuId} free again");
        }
        catch (Exception ex)
        {
            var entry = (await region.ListGpus()).FirstOrDefault(g => g.GpuId == gpuId);
            var snap = await gpu.GetSnapshot();
            throw new InvalidOperationException($"{ex.Message}; region entry {entry}; gpu {System.Text.Json.JsonSerializer.Serialize(snap)}", ex);
        }
    }
}
