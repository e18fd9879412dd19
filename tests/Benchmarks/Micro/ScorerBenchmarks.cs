using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Routing;
using BenchmarkDotNet.Attributes;

namespace Aitbc.Orleans.Benchmarks.Micro;

/// <summary>
/// The router's step after the search: the 16 candidates to score and order, against the RTT estimate alone.
/// </summary>
[MemoryDiagnoser]
public class ScorerBenchmarks
{
    private const int Candidates = 16;
    private readonly CandidateScorer _scorer = new(new RoutingOptions());
    private readonly GeoPoint _client = new(40.71, -74.0);
    private GpuRoutingSummary[] _gpus = [];

    [GlobalSetup]
    public void Setup() => _gpus = SummaryFactory.Create(Candidates, 14, busyFraction: 0);

    [Benchmark(Baseline = true, Description = "RttModel.Estimate × 16 (floor)")]
    public double EstimateOnly()
    {
        var sum = 0.0;
        foreach (var gpu in _gpus)
        {
            sum += RttModel.Estimate(_client, gpu.Location, gpu.MeasuredRttMs);
        }

        return sum;
    }

    [Benchmark(Description = "CandidateScorer.Score × 16")]
    public double ScoreAll()
    {
        var sum = 0.0;
        foreach (var gpu in _gpus)
        {
            sum += Score(gpu, RttModel.Estimate(_client, gpu.Location, gpu.MeasuredRttMs));
        }

        return sum;
    }

    [Benchmark(Description = "score + order by score × 16 (router step)")]
    public GpuRoutingSummary ScoreAndOrder()
    {
        var scored = new List<(GpuRoutingSummary Gpu, double Rtt, double Score)>(Candidates);
        foreach (var gpu in _gpus)
        {
            var rtt = RttModel.Estimate(_client, gpu.Location, gpu.MeasuredRttMs);
            scored.Add((gpu, rtt, Score(gpu, rtt)));
        }

        return scored.OrderByDescending(s => s.Score).First().Gpu;
    }

    private double Score(GpuRoutingSummary gpu, double rtt) => _scorer.Score(gpu.PriceFloor, gpu.QosScore, gpu.ThermalHeadroomC, rtt, 5, null);
}
