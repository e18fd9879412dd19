using System.Diagnostics;
using System.Security.Cryptography;
using Aitbc.Orleans.Dispatch;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Ledger;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// Simulated miners registered through the real path: fund and stake the miner's account (Credit + Stake on
/// IAccountGrain, 100 per GPU: stake is needed per GPU), enrol them, then IMinerGrain.Register, signed over a fresh
/// challenge, with a no-op observer. One key serves the whole fleet (the cluster cannot tell, and the load generator
/// then holds no per-miner keys). Profiles are drawn from the catalogue's consumer
/// and edge classes, locations by population. GPU ids are derived from indexes rather than kept in lists, so the
/// memory scenario measures the silo and not the load generator's bookkeeping.
/// </summary>
public sealed class SimulatedFleet(IClusterClient client, string prefix, int gpusPerMiner, int seed) : IDisposable
{
    private const decimal StakePerGpu = 100m;
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private static readonly GpuProfile[] EdgeProfiles =
        [.. GpuProfileCatalog.Default.Profiles.Where(p => p.Class is not GpuClass.Datacenter and not GpuClass.Cpu)];

    private readonly List<int> _gpusPerMiner = [];

    // The observer objects are held here: the cluster client references them only weakly.
    private readonly List<NoopMinerObserver> _observers = [];

    public int GpuCount => _gpusPerMiner.Sum();

    public int MinerCount => _gpusPerMiner.Count;

    public string MinerId(int miner) => $"{prefix}-m{miner:D5}";

    public static string GpuId(string minerId, int gpu) => $"{minerId}:g{gpu:D4}";

    /// <summary>A signed-in session per miner, for scenarios that call as the miners themselves.</summary>
    public async Task<string[]> SignInAll(int concurrency)
    {
        var tokens = new string[MinerCount];
        await Parallel.ForEachAsync(Enumerable.Range(0, MinerCount), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (m, _) =>
            tokens[m] = await BenchEnrollment.SignIn(client, MinerId(m), _key));
        return tokens;
    }

    public void Dispose() => _key.Dispose();

    public IEnumerable<string> GpuIdsOf(int miner) => Enumerable.Range(0, _gpusPerMiner[miner]).Select(g => GpuId(MinerId(miner), g));

    /// <summary>Every GPU id, miner by miner.</summary>
    public IEnumerable<string> AllGpuIds() => Enumerable.Range(0, MinerCount).SelectMany(GpuIdsOf);

    public async Task<RegistrationStats> GrowAsync(int targetGpus, int concurrency, Action<string>? progress = null)
    {
        var start = Stopwatch.GetTimestamp();
        var firstMiner = MinerCount;
        var gpusBefore = GpuCount;
        var plan = new List<(int Miner, int Gpus)>();
        for (var remaining = targetGpus - gpusBefore; remaining > 0; remaining -= gpusPerMiner)
        {
            var count = Math.Min(gpusPerMiner, remaining);
            plan.Add((_gpusPerMiner.Count, count));
            _gpusPerMiner.Add(count);
        }

        var slowest = 0.0;
        var done = 0;
        var reportEvery = Math.Max(1, plan.Count / 10);
        await Parallel.ForEachAsync(plan, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (item, _) =>
        {
            var ms = await RegisterMiner(item.Miner, item.Gpus);
            lock (plan)
            {
                slowest = Math.Max(slowest, ms);
                done++;
                if (progress is not null && done % reportEvery == 0)
                {
                    var elapsed = Stopwatch.GetElapsedTime(start);
                    progress($"registered {gpusBefore + done * gpusPerMiner:N0} GPUs ({elapsed.TotalSeconds:0.0} s, slowest miner {slowest / 1000:0.0} s)");
                }
            }
        });

        return new RegistrationStats(GpuCount - gpusBefore, MinerCount - firstMiner, Stopwatch.GetElapsedTime(start), slowest);
    }

    private async Task<double> RegisterMiner(int miner, int gpus)
    {
        var minerId = MinerId(miner);
        var rng = new Random(HashCode.Combine(seed, miner));
        var registrations = new GpuRegistration[gpus];
        for (var g = 0; g < gpus; g++)
        {
            var profile = EdgeProfiles[rng.Next(EdgeProfiles.Length)];
            registrations[g] = new GpuRegistration(
                GpuId(minerId, g),
                minerId,
                profile.Aliases.Count > 0 ? profile.Aliases[0] : profile.Name,
                (long)(profile.VramGb * 1024),
                profile.Vendor,
                ExecutionProviderOf(profile.Vendor),
                GeoSampler.Sample(rng),
                Math.Round((decimal)(0.0001 + rng.NextDouble() * 0.0004), 6),
                PowerBudgetWatts: null,
                Schedule: null,
                Concurrency: 1,
                Simulated: true,
                Pool: PoolKind.Edge);
        }

        var account = client.GetGrain<IAccountGrain>(LedgerAccounts.ForMiner(minerId));
        await account.Apply(new LedgerOperation($"bench-fund:{minerId}", LedgerOperationKind.Credit, StakePerGpu * gpus, "benchmark funding"));
        await account.Apply(new LedgerOperation($"bench-stake:{minerId}", LedgerOperationKind.Stake, StakePerGpu * gpus, "benchmark stake"));

        var observer = new NoopMinerObserver();
        lock (_observers)
        {
            _observers.Add(observer);
        }

        var reference = client.CreateObjectReference<IMinerObserver>(observer);
        var registration = await BenchEnrollment.EnrolledAndSigned(client,
            new MinerRegistration(minerId, LedgerAccounts.ForMiner(minerId), BenchEnrollment.PublicKeyOf(_key), registrations, "bench", Simulated: true), _key);
        var start = Stopwatch.GetTimestamp();
        await client.GetGrain<IMinerGrain>(minerId).Register(registration, reference);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static string ExecutionProviderOf(GpuVendor vendor) => vendor switch
    {
        GpuVendor.Nvidia => "CUDA",
        GpuVendor.Amd => "MIGraphX",
        GpuVendor.Intel => "OpenVINO",
        GpuVendor.Apple => "CoreML",
        _ => "CPU",
    };
}
