using Aitbc.Orleans.Benchmarks.Harness;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Regions;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Routing;
using Aitbc.Orleans.Routing.Snapshot;
using BenchmarkDotNet.Attributes;

namespace Aitbc.Orleans.Benchmarks.Micro;

/// <summary>
/// The router's search on a silo's fleet snapshot (every region at once, the 16 nearest GPUs that pass the hard
/// filters) against brute force over the same fleet with the same filter (CandidateFilter on every GPU, then the 16
/// nearest), for clients placed by population. Also the snapshot's upkeep: learning one reservation answer, and
/// applying a region's batch of 25 changed GPUs.
/// </summary>
[MemoryDiagnoser]
public class SnapshotSearchBenchmarks
{
    private const long ModelBytes = 100L * 1024 * 1024;
    private readonly GeoPoint[] _clients = new GeoPoint[1024];
    private FleetSnapshot _snapshot = null!;
    private GpuRoutingSummary[] _gpus = [];
    private Dictionary<string, string> _regionOf = [];
    private GpuRoutingSummary[][] _slices = [];
    private string _largestRegion = "";
    private long _version = 1;
    private int _next;

    [Params(10_000, 100_000)]
    public int Gpus { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _gpus = SummaryFactory.Create(Gpus, 13);
        _regionOf = _gpus.ToDictionary(g => g.GpuId, g => RegionCatalog.Default.RegionOf(g.Location).Id, StringComparer.Ordinal);
        _snapshot = new FleetSnapshot();
        var byRegion = _gpus.GroupBy(g => _regionOf[g.GpuId]).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        foreach (var region in _snapshot.Regions)
        {
            _snapshot.Apply(new RegionChanges(region, 1, 0, 1, true, byRegion.GetValueOrDefault(region) ?? [], [], 0));
        }

        var rng = new Random(21);
        for (var i = 0; i < _clients.Length; i++)
        {
            _clients[i] = GeoSampler.Sample(rng);
        }

        // Batches for the largest region: 25 of its GPUs each, their free slots flipped one batch and back the next.
        var largest = byRegion.MaxBy(r => r.Value.Length);
        _largestRegion = largest.Key;
        _slices = [.. Enumerable.Range(0, 64).Select(b => b % 2 == 0
            ? largest.Value.Skip(b / 2 * 25 % Math.Max(1, largest.Value.Length - 25)).Take(25).Select(g => g with { FreeSlots = 1 - g.FreeSlots }).ToArray()
            : largest.Value.Skip(b / 2 * 25 % Math.Max(1, largest.Value.Length - 25)).Take(25).ToArray())];
    }

    [GlobalCleanup]
    public void Cleanup() => _snapshot.Dispose();

    private CandidateQuery Query() =>
        new(_clients[_next++ & 1023], 2000, ModelBytes, null, false, PoolKind.Edge, 16, []);

    [Benchmark(Baseline = true, Description = "brute force: CandidateFilter on every GPU, 16 nearest")]
    public int BruteForce()
    {
        var query = Query();
        var best = new PriorityQueue<GpuRoutingSummary, double>(17, Comparer<double>.Create((a, b) => b.CompareTo(a)));
        foreach (var gpu in _gpus)
        {
            if (CandidateFilter.Reject(gpu, query, out var rtt) is not null)
            {
                continue;
            }

            if (best.Count < 16)
            {
                best.Enqueue(gpu, rtt);
            }
            else if (best.TryPeek(out _, out var worst) && rtt < worst)
            {
                best.DequeueEnqueue(gpu, rtt);
            }
        }

        return best.Count;
    }

    [Benchmark(Description = "snapshot: 16 nearest (FleetSnapshot.FindCandidates)")]
    public int Snapshot() => _snapshot.FindCandidates(Query(), new RejectionTally()).Length;

    [Benchmark(Description = "snapshot: learn one reservation answer")]
    public void Learn()
    {
        var gpu = _gpus[_next++ % _gpus.Length];
        _snapshot.Learn(_regionOf[gpu.GpuId], gpu);
    }

    [Benchmark(Description = "snapshot: apply a batch of 25 changes (largest region)")]
    public bool ApplyBatch()
    {
        // Each batch starts at the version the one before reached, as the region's answers do.
        var slice = _slices[_version & 63];
        return _snapshot.Apply(new RegionChanges(_largestRegion, 1, _version, ++_version, false, slice, [], 0));
    }
}
