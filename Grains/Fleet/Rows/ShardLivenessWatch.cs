using System.Runtime.InteropServices;
using Aitbc.Orleans.Hosting;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Fleet.Rows;

/// <summary>
/// One clock per silo for the liveness of every rig session held here. A shard says how long until its rig's liveness
/// period would end (<see cref="Watch"/>, worked out on the domain clock), and the watch calls
/// <see cref="IGpuShardGrain.CheckLiveness"/> once that much has passed on the process clock, as the grain timer it
/// replaces did; the check decides by the domain clock, and watches again while the rig still heartbeats. At 100,000
/// GPUs (22,000 rigs) those timers made the runtime's timer queue walk all of them on every firing (a tenth of the silo's
/// CPU at rest), and each firing was a grain turn; without them the silo took 28 % less CPU at rest (session 42's
/// profiles). Here a tick that finds nothing due costs a look at the top of a heap. Only the latest time a shard gave
/// counts. A later time than the one queued is only noted: the queued entry, when it comes up, is queued again at the
/// later time. So a shard that moves its time back with every heartbeat costs a dictionary write, not a heap entry, and
/// the heap holds about one entry per watched shard. Checks run side by side and the loop never waits for one: a check
/// stuck on a failing silo delays no other.
/// </summary>
public sealed class ShardLivenessWatch : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    /// <summary>How often the watch looks for shards that fell due: a quiet rig is seen at most this much after its period.</summary>
    public static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>A check that failed (its shard's silo failing over, say) is tried again this much later.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>Checks sent side by side: a silo that restarts finds every session due at once.</summary>
    private const int ChecksInFlight = 128;

    private readonly Lock _lock = new();

    /// <summary>Due times as process timestamps (<see cref="TimeProvider.GetTimestamp"/> of the system clock).</summary>
    private readonly Dictionary<string, long> _due = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, long> _queue = new();
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _clock = TimeProvider.System;
    private readonly ILogger<ShardLivenessWatch> _logger;
    private readonly PeriodicSiloLoop _loop;
    private int _checksOut;

    public ShardLivenessWatch(IGrainFactory grains, ILogger<ShardLivenessWatch> logger)
    {
        _grains = grains;
        _logger = logger;
        _loop = new PeriodicSiloLoop("Looking for rigs whose liveness period ended", TickInterval, _ => CheckDue(), logger);
    }

    /// <summary>Shards watched now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _due.Count;
            }
        }
    }

    /// <summary>Checks the shard once <paramref name="dueIn"/> has passed from now, instead of any time given before.</summary>
    public void Watch(string shardId, TimeSpan dueIn) => Watch(shardId, At(dueIn));

    /// <summary>Checks the shard once the process clock reaches <paramref name="dueTimestamp"/>, instead of any time given before.</summary>
    public void Watch(string shardId, long dueTimestamp)
    {
        ArgumentNullException.ThrowIfNull(shardId);
        lock (_lock)
        {
            // Every watched shard has a queued entry no later than its time; a later time waits behind that entry.
            ref var due = ref CollectionsMarshal.GetValueRefOrAddDefault(_due, shardId, out var watched);
            var later = watched && dueTimestamp >= due;
            due = dueTimestamp;
            if (later)
            {
                return;
            }

            _queue.Enqueue(shardId, dueTimestamp);
            if (_queue.Count > 2 * _due.Count + 1024)
            {
                Compact();
            }
        }
    }

    /// <summary>How long until the shard falls due by the latest time it gave (negative once passed); null when not watched.</summary>
    public TimeSpan? DueIn(string shardId)
    {
        lock (_lock)
        {
            return _due.TryGetValue(shardId, out var due)
                ? TimeSpan.FromSeconds((due - _clock.GetTimestamp()) / (double)_clock.TimestampFrequency)
                : null;
        }
    }

    /// <summary>Entries in the heap (superseded ones included): about one per watched shard.</summary>
    public int Queued
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Stops watching the shard (its session ended, or it deactivates).</summary>
    public void Forget(string shardId)
    {
        lock (_lock)
        {
            _due.Remove(shardId);
        }
    }

    /// <summary>The shards due at process timestamp <paramref name="now"/>, each no longer watched (the check watches it again).</summary>
    public IReadOnlyList<string> TakeDue(long now)
    {
        var due = new List<string>();
        lock (_lock)
        {
            while (_queue.TryPeek(out var shardId, out var ticks) && ticks <= now)
            {
                _queue.Dequeue();
                if (!_due.TryGetValue(shardId, out var latest))
                {
                    continue;
                }

                if (latest == ticks)
                {
                    _due.Remove(shardId);
                    due.Add(shardId);
                }
                else if (latest > ticks)
                {
                    // Moved back since it was queued: queued again at its latest time (due in this loop if that passed too).
                    _queue.Enqueue(shardId, latest);
                }

                // Earlier than this entry: it was queued at that time when it was given.
            }
        }

        return due;
    }

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        // Checks still out when the silo stops end with its calls; a tick only sends them.
        lifecycle.Subscribe(nameof(ShardLivenessWatch), ServiceLifecycleStage.Active, _loop.Start, _ => _loop.StopAsync(TimeSpan.FromSeconds(1)));
    }

    public void Dispose() => _loop.Dispose();

    /// <summary>Drops heap entries that a later <see cref="Watch"/> or a <see cref="Forget"/> made stale; under the lock.</summary>
    private void Compact()
    {
        _queue.Clear();
        foreach (var (shardId, ticks) in _due)
        {
            _queue.Enqueue(shardId, ticks);
        }
    }

    /// <summary>Sends a check to every shard that fell due; never waits for one.</summary>
    private Task CheckDue()
    {
        foreach (var shardId in TakeDue(_clock.GetTimestamp()))
        {
            if (Interlocked.Increment(ref _checksOut) <= ChecksInFlight)
            {
                _ = Check(shardId);
            }
            else
            {
                Interlocked.Decrement(ref _checksOut);
                // As many checks out as allowed (a silo restarted, every session due at once): the next tick.
                WatchAgain(shardId, _clock.GetTimestamp());
            }
        }

        return Task.CompletedTask;
    }

    private async Task Check(string shardId)
    {
        try
        {
            await _grains.Grain<IGpuShardGrain>(shardId).CheckLiveness();
        }
        catch (Exception ex)
        {
            // Not checked, so nothing watches it again: try later.
            _logger.LogDebug(ex, "Liveness check of rig {Shard} failed; trying again in {Retry}", shardId, RetryAfter);
            WatchAgain(shardId, At(RetryAfter));
        }
        finally
        {
            Interlocked.Decrement(ref _checksOut);
        }
    }

    /// <summary>Watches a shard that was taken as due but not checked, unless it gave a time of its own meanwhile.</summary>
    private void WatchAgain(string shardId, long dueTimestamp)
    {
        lock (_lock)
        {
            if (_due.TryAdd(shardId, dueTimestamp))
            {
                _queue.Enqueue(shardId, dueTimestamp);
            }
        }
    }

    /// <summary>The process timestamp <paramref name="after"/> from now.</summary>
    private long At(TimeSpan after) => _clock.GetTimestamp() + (long)(Math.Max(0, after.TotalSeconds) * _clock.TimestampFrequency);
}
