using Aitbc.Orleans.Benchmarks.Harness;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Geo;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>
/// The memory baseline: what one GPU's data costs as plain objects (its registration and its routing summary, with
/// their own id strings), measured in the same process. The silo's figure divided by this says how much the grains,
/// activations, stored copies and indexes add on top of the data itself.
/// </summary>
public static class BareIndexBaseline
{
    public static double BytesPerGpu(int count)
    {
        var profile = GpuProfileCatalog.Default.Profiles[0];
        var before = HeapMeter.Measure().TotalMemoryBytes;
        var registrations = new GpuRegistration[count];
        var summaries = new GpuRoutingSummary[count];
        for (var i = 0; i < count; i++)
        {
            var minerId = $"r-m{i / 1000:D5}";
            var gpuId = SimulatedFleet.GpuId(minerId, i % 1000);
            var location = new GeoPoint(i % 90, i % 180);
            registrations[i] = new GpuRegistration(gpuId, minerId, profile.Name, 8192, profile.Vendor, "CUDA", location, 0.0002m, null, null);
            summaries[i] = new GpuRoutingSummary(
                gpuId, minerId, profile.Name, location, profile.VramGb, profile.Fp16Tflops, profile.Int8Tops, "CUDA", 0.0002m,
                true, ThermalState.Normal, true, null, 0.5, 20, 1, PoolKind.Edge, false, true, 40, profile.Fp32Tflops);
        }

        var after = HeapMeter.Measure().TotalMemoryBytes;
        GC.KeepAlive(registrations);
        GC.KeepAlive(summaries);
        return (after - before) / (double)count;
    }
}
