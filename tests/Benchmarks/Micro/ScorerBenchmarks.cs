using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Routing;
using BenchmarkDotNet.Attributes;

namespace Aitbc.Orleans.Benchmarks.Micro;

/// <summary>
/// The router's own step after the fan-out: 8 regions × 16 candidates = 128 to estimate, score and order, against
/// the RTT estimate alone.
/// </summary>
[MemoryDiagnoser]
public class ScorerBenchmarks
{
    private const int Candidates = 128;
    private readonly CandidateScorer _scorer = new(new RoutingOptions());
    private readonly GeoPoint _client = new(40.71, -74.0);
    private GpuRoutingSummary[] _gpus = [];

    [GlobalSetup]
    public void Setup() => _gpus = SummaryFactory.Create(Candidates, 14, busyFraction: 0);

    [Benchmark(Baseline = true, Description = "RttModel.Estimate × 128 (floor)")]
    public double EstimateOnly()
    {
        var sum = 0.0;
        foreach (var gpu in _gpus)
        {
            sum += RttModel.Estimate(_client, gpu.Location, gpu.MeasuredRttMs);
        }

        return sum;
    }

    [Benchmark(Description = "CandidateScorer.Score × 128")]
    public double ScoreAll()
    {
        var sum = 0.0;
        foreach (var gpu in _gpus)
        {
            sum += _scorer.Score(gpu, RttModel.Estimate(_client, gpu.Location, gpu.MeasuredRttMs), 2000, null);
        }

        return sum;
    }

    [Benchmark(Description = "score + order by score × 128 (router step)")]
    public GpuRoutingSummary ScoreAndOrder()
    {
        var scored = new List<(GpuRoutingSummary Gpu, double Rtt, double Score)>(Candidates);
        foreach (var gpu in _gpus)
        {
            var rtt = RttModel.Estimate(_client, gpu.Location, gpu.MeasuredRttMs);
            scored.Add((gpu, rtt, _scorer.Score(gpu, rtt, 2000, null)));
        }

        return scored.OrderByDescending(s => s.Score).First().Gpu;
    }
}
