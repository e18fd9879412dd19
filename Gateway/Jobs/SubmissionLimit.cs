namespace Aitbc.Orleans.Gateway.Jobs;

/// <summary>
/// How many job submissions the gateway holds at once, moved by how late its process runs queued work (the scheduling
/// lag). A lag that stays above the target means the CPU is behind: every held submission then waits longer at each of
/// its grain hops, survives more collections, and the silo completes fewer jobs the more it holds (docs/BENCHMARKS.md,
/// session 26). So a sustained lag (<see cref="LateSamplesToLower"/> samples in a row) lowers the limit by a quarter,
/// and while the lag is under half the target it grows back: by a sixteenth while submissions are being refused, by a
/// sixty-fourth while nobody is (an overload that ended, or a slow start, is forgotten within about 20 s even from
/// the floor, rather than kept until the next burst is refused), never past <see cref="Max"/> or under
/// <see cref="Min"/>. One late sample (a collection's pause) moves nothing. Lag alone is the signal, not the
/// submissions' own latency: a job that waits on its miner's inference holds a place without costing CPU. Observed by
/// one sampler at a time; read by any request thread.
/// </summary>
public sealed class SubmissionLimit
{
    /// <summary>
    /// Consecutive late samples that count as a sustained lag (about a quarter of a second): a collection's pause makes
    /// one, an overload makes them all.
    /// </summary>
    public const int LateSamplesToLower = 2;

    private readonly TimeSpan _target;
    private volatile int _current;
    private int _lateInARow;

    public SubmissionLimit(int max, int min, TimeSpan target)
    {
        Max = Math.Max(1, max);
        Min = Math.Clamp(min, 1, Max);
        _target = target;
        _current = Max;
    }

    public int Max { get; }

    public int Min { get; }

    /// <summary>Whether the limit moves at all (a zero target keeps it at <see cref="Max"/>).</summary>
    public bool Adapts => _target > TimeSpan.Zero && Min < Max;

    public int Current => _current;

    /// <summary>
    /// One sample of the scheduling lag, and whether any submission was refused since the last one. Returns the limit
    /// that holds from now on.
    /// </summary>
    public int Observe(TimeSpan lag, bool refusedSinceLast)
    {
        if (!Adapts)
        {
            return _current;
        }

        var current = _current;
        if (lag > _target)
        {
            if (++_lateInARow >= LateSamplesToLower)
            {
                _lateInARow = 0;
                current = Math.Max(Min, current - Math.Max(1, current / 4));
            }
        }
        else
        {
            _lateInARow = 0;
            if (lag <= _target / 2)
            {
                current = Math.Min(Max, current + Math.Max(1, current / (refusedSinceLast ? 16 : 64)));
            }
        }

        _current = current;
        return current;
    }
}
