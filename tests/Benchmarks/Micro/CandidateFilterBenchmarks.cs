using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Routing;
using BenchmarkDotNet.Attributes;

namespace Aitbc.Orleans.Benchmarks.Micro;

/// <summary>
/// One region's FindCandidates pass over its whole index, against the irreducible part (one haversine per GPU).
/// RegionGrain's filter is private, so "filter + top 16" repeats its steps with the same public pieces, in its order:
/// exclude list, pool, routable, free slots, ModelFit.Fits, attestation, price cap, RttModel.Estimate against the
/// budget, a rejection count per reason, then OrderBy(RTT).Take(16). Keep it in step with RegionGrain.Reject.
/// </summary>
[MemoryDiagnoser]
public class CandidateFilterBenchmarks
{
    private const long ModelBytes = 100L * 1024 * 1024;
    private GpuRoutingSummary[] _gpus = [];
    private CandidateQuery _query = null!;

    [Params(1_000, 10_000)]
    public int GpusInRegion { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _gpus = SummaryFactory.Create(GpusInRegion, 13);
        _query = new CandidateQuery(new GeoPoint(48.85, 2.35), 2000, ModelBytes, null, false, PoolKind.Edge, 16, []);
    }

    [Benchmark(Baseline = true, Description = "haversine per GPU (floor)")]
    public double DistanceOnly()
    {
        var sum = 0.0;
        foreach (var gpu in _gpus)
        {
            sum += GeoMath.HaversineKm(_query.Client, gpu.Location);
        }

        return sum;
    }

    [Benchmark(Description = "filter + top 16 (RegionGrain.FindCandidates steps)")]
    public int FilterAndTop()
    {
        var rejections = new Dictionary<string, int>(StringComparer.Ordinal);
        var candidates = new List<(GpuRoutingSummary Gpu, double Rtt)>();
        foreach (var gpu in _gpus)
        {
            var reason = CandidateFilter.Reject(gpu, _query, out var rtt);
            if (reason is null)
            {
                candidates.Add((gpu, rtt));
            }
            else
            {
                rejections[reason] = rejections.GetValueOrDefault(reason) + 1;
            }
        }

        return candidates.OrderBy(c => c.Rtt).Take(_query.MaxResults).Select(c => c.Gpu).ToArray().Length + rejections.Count;
    }

    /// <summary>
    /// The shape suggested for RegionGrain.FindCandidates (same filter, same answer): a bounded max-heap of the best 16
    /// instead of a list of every passing GPU plus a sort, and rejection counts by code, named once at the end. No
    /// allocation grows with the region, so a large region no longer allocates on the large object heap per query.
    /// </summary>
    [Benchmark(Description = "suggested: bounded top-16 heap, counts by code")]
    public int FilterTopKHeap()
    {
        Span<int> rejections = stackalloc int[RejectionNames.Length];
        var best = new PriorityQueue<GpuRoutingSummary, double>(_query.MaxResults + 1, FarthestFirst);
        foreach (var gpu in _gpus)
        {
            var code = RejectCode(gpu, _query, out var rtt);
            if (code != 0)
            {
                rejections[code]++;
            }
            else if (best.Count < _query.MaxResults)
            {
                best.Enqueue(gpu, rtt);
            }
            else if (best.TryPeek(out _, out var worst) && rtt < worst)
            {
                best.DequeueEnqueue(gpu, rtt);
            }
        }

        var named = 0;
        foreach (var count in rejections)
        {
            named += count > 0 ? 1 : 0;
        }

        return best.Count + named;
    }

    private static readonly string[] RejectionNames =
        ["", "excluded (earlier attempt)", "edge pool", "not routable", "busy", "too small for the model", "not attested", "price floor above cap", "outside latency budget"];

    private static readonly Comparer<double> FarthestFirst = Comparer<double>.Create((a, b) => b.CompareTo(a));

    private static int RejectCode(GpuRoutingSummary gpu, CandidateQuery query, out double rtt)
    {
        rtt = 0;
        var code = query.ExcludeGpus.Count > 0 && query.ExcludeGpus.Contains(gpu.GpuId) ? 1
            : gpu.Pool != query.Pool ? 2
            : !gpu.Routable ? 3
            : gpu.FreeSlots <= 0 ? 4
            : !ModelFit.Fits(query.ModelBytes, gpu.VramGb, gpu.Fp32Tflops, gpu.Fp16Tflops, gpu.Int8Tops) ? 5
            : query.RequireAttestation && !gpu.Attested ? 6
            : query.MaxPrice is { } cap && gpu.PriceFloor > cap ? 7
            : 0;
        if (code != 0)
        {
            return code;
        }

        rtt = RttModel.Estimate(query.Client, gpu.Location, gpu.MeasuredRttMs);
        return rtt > query.LatencyBudgetMs ? 8 : 0;
    }
}
