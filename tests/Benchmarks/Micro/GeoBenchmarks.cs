using Aitbc.Orleans.Benchmarks.Harness;
using Aitbc.Orleans.Fleet.Regions;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Routing;
using BenchmarkDotNet.Attributes;

namespace Aitbc.Orleans.Benchmarks.Micro;

/// <summary>The geometry every routing decision repeats per GPU: per-call cost of the RTT model against bare haversine.</summary>
[MemoryDiagnoser]
public class GeoBenchmarks
{
    private const int Pairs = 1024;
    private GeoPoint[] _a = [];
    private GeoPoint[] _b = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(11);
        _a = [.. Enumerable.Range(0, Pairs).Select(_ => GeoSampler.Sample(rng))];
        _b = [.. Enumerable.Range(0, Pairs).Select(_ => GeoSampler.Sample(rng))];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Pairs, Description = "GeoMath.HaversineKm")]
    public double Haversine()
    {
        var sum = 0.0;
        for (var i = 0; i < Pairs; i++)
        {
            sum += GeoMath.HaversineKm(_a[i], _b[i]);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Pairs, Description = "RttModel.Estimate")]
    public double RttEstimate()
    {
        var sum = 0.0;
        for (var i = 0; i < Pairs; i++)
        {
            sum += RttModel.Estimate(_a[i], _b[i], 35);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Pairs, Description = "RegionCatalog.RegionOf (42 regions)")]
    public int RegionOf()
    {
        var sum = 0;
        for (var i = 0; i < Pairs; i++)
        {
            sum += RegionCatalog.Default.RegionOf(_a[i]).Id.Length;
        }

        return sum;
    }
}
