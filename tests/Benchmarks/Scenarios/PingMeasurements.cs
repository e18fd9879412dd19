using System.Diagnostics;
using Aitbc.Orleans.Benchmarks.Grains;
using Aitbc.Orleans.Benchmarks.Harness;
using Aitbc.Orleans.Operations;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>
/// The raw Orleans call rate against IPingGrain (a stateless worker that adds one): the ceiling every other scenario is
/// compared with. Three paths: from a client over the gateway, from the silo's own grain factory, and grain to grain.
/// </summary>
public static class PingMeasurements
{
    public static Task<LoadResult> FromClientAsync(BenchCluster cluster, int concurrency, TimeSpan warmup, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var ping = cluster.Client.GetGrain<IPingGrain>(0);
        return LoadGenerator.RunAsync(concurrency, warmup, duration, LoadGenerator.Timed(i => ping.Ping((int)i)));
    }

    public static Task<LoadResult> FromSiloFactoryAsync(BenchCluster cluster, int concurrency, TimeSpan warmup, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var ping = cluster.SiloGrains.GetGrain<IPingGrain>(0);
        return LoadGenerator.RunAsync(concurrency, warmup, duration, LoadGenerator.Timed(i => ping.Ping((int)i)));
    }

    /// <summary>Driver grains (two per core) share the outstanding calls; their raw latencies are merged here.</summary>
    public static async Task<LoadResult> GrainToGrainAsync(BenchCluster cluster, int concurrency, TimeSpan warmup, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var drivers = Math.Min(concurrency, Environment.ProcessorCount * 2);
        var perDriver = Math.Max(1, concurrency / drivers);
        var grains = Enumerable.Range(0, drivers).Select(d => cluster.SiloGrains.GetGrain<IPingDriverGrain>(d)).ToArray();
        if (warmup > TimeSpan.Zero)
        {
            await Task.WhenAll(grains.Select(g => g.Run(perDriver, warmup)));
        }

        var cpuBefore = LoadGenerator.ProcessCpu();
        var runs = await Task.WhenAll(grains.Select(g => g.Run(perDriver, duration)));
        var cpu = LoadGenerator.ProcessCpu() - cpuBefore;
        var all = runs.SelectMany(r => r.LatencyTicks).Select(Percentiles.TicksToMs).ToArray();
        Array.Sort(all);
        var elapsed = TimeSpan.FromSeconds(runs.Max(r => r.ElapsedTicks) / (double)Stopwatch.Frequency);
        var errors = runs.Sum(r => r.Errors);
        return new LoadResult(
            all.Length, elapsed, Percentiles.OfSorted(all, 50), Percentiles.OfSorted(all, 99),
            all.Length == 0 ? double.NaN : all.Average(), all.Length == 0 ? double.NaN : all[^1], errors, cpu,
            errors > 0 ? "ping failed inside a driver grain" : null);
    }
}
