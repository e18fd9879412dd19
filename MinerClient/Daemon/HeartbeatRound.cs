using System.Collections.Concurrent;

namespace Aitbc.Orleans.Miner.Daemon;

/// <summary>
/// The rounds of heartbeats of a daemon that serves many rigs, paced open-loop: each tick's rigs go out when the tick
/// is due (<see cref="HeartbeatPacing"/>), whether or not earlier ticks have been answered. Separate rigs do not wait
/// for one another, and one daemon's rigs must not either: when answers are slow (a loaded cluster), waiting for each
/// tick pushed every later rig's heartbeat back, and a round that slipped past the liveness period took the whole fleet
/// offline at once and set off a registration storm. A rig has one heartbeat at a time: one whose last heartbeat is
/// still unanswered skips the round.
/// </summary>
public sealed class HeartbeatRound<TRig>(TimeProvider time)
    where TRig : class
{
    /// <summary>Waits this short are not worth a timer.</summary>
    private static readonly TimeSpan ShortestWait = TimeSpan.FromMilliseconds(5);

    private readonly ConcurrentDictionary<TRig, byte> _unanswered = new(ReferenceEqualityComparer.Instance);

    /// <summary>Rigs whose heartbeat has been sent and not yet answered.</summary>
    public int Unanswered => _unanswered.Count;

    /// <summary>
    /// Sends one round: returns once the last tick has gone out (not once it is answered), with the number of rigs that
    /// skipped the round because their previous heartbeat was unanswered.
    /// </summary>
    public async Task<int> RunAsync(IReadOnlyList<TRig> rigs, TimeSpan interval, int batch, Func<TRig, CancellationToken, ValueTask> beat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rigs);
        ArgumentNullException.ThrowIfNull(beat);
        var started = time.GetTimestamp();
        var skipped = 0;
        foreach (var tick in HeartbeatPacing.Ticks(rigs.Count, interval, batch))
        {
            if (tick.Due - time.GetElapsedTime(started) is var wait && wait > ShortestWait)
            {
                await Task.Delay(wait, time, cancellationToken);
            }

            for (var i = tick.First; i < tick.First + tick.Count; i++)
            {
                var rig = rigs[i];
                if (_unanswered.TryAdd(rig, 0))
                {
                    _ = Beat(rig, beat, cancellationToken);
                }
                else
                {
                    skipped++;
                }
            }
        }

        return skipped;
    }

    /// <summary>One heartbeat, not awaited by the round; the beat handles its own failures (the next round tries again).</summary>
    private async Task Beat(TRig rig, Func<TRig, CancellationToken, ValueTask> beat, CancellationToken cancellationToken)
    {
        try
        {
            await beat(rig, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The daemon is stopping.
        }
        finally
        {
            _unanswered.TryRemove(rig, out _);
        }
    }
}
