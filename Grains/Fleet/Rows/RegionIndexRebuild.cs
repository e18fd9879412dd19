using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Routing.Snapshot;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Fleet.Rows;

/// <summary>
/// Rebuilds a region's index after the region grain restarts, from the GPUs themselves: regions do not store their
/// index. Each shard active on this silo follows the regions its GPUs are in; when this silo's routing snapshot sees a
/// region under a new epoch (a new activation), every following shard here re-sends its online GPUs' summaries to it.
/// Every silo does this for its own shards, so a restarted region knows its GPUs again within about a second plus one
/// snapshot pull, without waiting for their renewals (every half liveness period). Shards that died with a silo come
/// back when their miner heartbeats or registers again, as before. Runs on the process clock while the silo is active.
/// </summary>
public sealed class RegionIndexRebuild(FleetSnapshot snapshot, IGrainFactory grains, ILogger<RegionIndexRebuild> logger)
    : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);

    /// <summary>A restarted region is told by many shards; this many at a time keep the burst off the silo's queue.</summary>
    private const int ParallelShards = 64;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, HashSet<string>> _followers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _epochs = new(StringComparer.Ordinal);

    /// <summary>Regions whose latest epoch has been handled here (the GPUs re-sent, where there were any).</summary>
    private readonly HashSet<string> _settled = new(StringComparer.Ordinal);
    private PeriodicSiloLoop? _loop;

    /// <summary>Region restarts this silo has seen and rebuilt (for tests and diagnostics).</summary>
    public int Rebuilds { get; private set; }

    /// <summary>Whether this silo has checked <paramref name="region"/>'s epoch since a shard here followed it (for tests).</summary>
    public bool HasChecked(string region)
    {
        lock (_lock)
        {
            return _settled.Contains(region) || !_followers.ContainsKey(region);
        }
    }

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(RegionIndexRebuild), ServiceLifecycleStage.Active, Start, Stop);
    }

    public void Follow(string minerId, IEnumerable<string> regions)
    {
        ArgumentNullException.ThrowIfNull(regions);
        lock (_lock)
        {
            foreach (var region in regions)
            {
                if (!_followers.TryGetValue(region, out var shards))
                {
                    _followers[region] = shards = new HashSet<string>(StringComparer.Ordinal);
                }

                shards.Add(minerId);
            }
        }
    }

    public void Forget(string minerId)
    {
        lock (_lock)
        {
            foreach (var shards in _followers.Values)
            {
                shards.Remove(minerId);
            }
        }
    }

    /// <summary>One check of every followed region; a region seen under a new epoch is sent its GPUs again.</summary>
    public Task CheckOnce() => CheckOnce(CancellationToken.None);

    private async Task CheckOnce(CancellationToken stopping)
    {
        foreach (var (region, shards) in Restarted())
        {
            Rebuilds++;
            await Parallel.ForEachAsync(shards, new ParallelOptions { MaxDegreeOfParallelism = ParallelShards, CancellationToken = stopping },
                async (minerId, _) =>
                {
                    try
                    {
                        await grains.Grain<IGpuShardGrain>(minerId).Republish(region);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // The GPUs' renewals (every half liveness period) still bring them back.
                        logger.LogDebug(ex, "Re-sending miner {Miner}'s GPUs to restarted region {Region} failed", minerId, region);
                    }
                });
            lock (_lock)
            {
                _settled.Add(region);
            }
        }
    }

    public void Dispose() => _loop?.Dispose();

    private List<(string Region, string[] Shards)> Restarted()
    {
        var restarted = new List<(string, string[])>();
        lock (_lock)
        {
            foreach (var (region, shards) in _followers)
            {
                var epoch = snapshot.PositionOf(region).Epoch;
                if (epoch == 0 || (_epochs.TryGetValue(region, out var seen) && seen == epoch))
                {
                    continue;
                }

                _epochs[region] = epoch;
                _settled.Remove(region);
                if (shards.Count == 0)
                {
                    _settled.Add(region);
                }
                else
                {
                    restarted.Add((region, shards.ToArray()));
                }
            }
        }

        return restarted;
    }

    private Task Start(CancellationToken cancellationToken)
    {
        _loop = new PeriodicSiloLoop("Checking regions for restarts", CheckEvery, CheckOnce, logger);
        return _loop.Start(cancellationToken);
    }

    private Task Stop(CancellationToken cancellationToken) => _loop?.StopAsync(TimeSpan.FromSeconds(1)) ?? Task.CompletedTask;
}
