using Aitbc.Orleans.Benchmarks.Harness;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Profiles;

namespace Aitbc.Orleans.Benchmarks.Micro;

/// <summary>Routing summaries shaped like a region's index: consumer profiles, population-weighted places, some GPUs busy.</summary>
public static class SummaryFactory
{
    public static GpuRoutingSummary[] Create(int count, int seed, double busyFraction = 0.3)
    {
        var rng = new Random(seed);
        var profiles = GpuProfileCatalog.Default.Profiles.Where(p => p.Class is not GpuClass.Datacenter and not GpuClass.Cpu).ToArray();
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var p = profiles[rng.Next(profiles.Length)];
            return new GpuRoutingSummary(
                $"m{i / 1000:D5}-g{i % 1000:D4}", $"m{i / 1000:D5}", p.Name, GeoSampler.Sample(rng), p.VramGb, p.Fp16Tflops, p.Int8Tops, "CUDA",
                Math.Round((decimal)(0.0001 + rng.NextDouble() * 0.0004), 6), true, ThermalState.Normal, true, null,
                Math.Round(rng.NextDouble() * 20) / 20, Math.Round(rng.NextDouble() * 6) * 10, rng.NextDouble() < busyFraction ? 0 : 1,
                PoolKind.Edge, false, true, 40, p.Fp32Tflops);
        })];
    }
}
