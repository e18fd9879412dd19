namespace Aitbc.Orleans.Hosting.Memory;

/// <summary>
/// Decides when to return the GC's empty committed memory. The GC gives such memory back by itself, a little at each
/// collection, so a busy silo needs nothing. A silo that has just registered a large fleet and then gone quiet (no
/// collection runs) keeps all the memory that registration's garbage needed, indefinitely: up to 1.5 KB per GPU on
/// top of the live heap at 100k GPUs. Only then, when no collection has run for a while and the empty memory is
/// large, is one aggressive (blocking, compacting, decommitting) collection worth its pause; a lightly loaded silo
/// that still collects now and then is left alone, so the pause never lands among requests.
/// </summary>
public sealed class IdleMemoryTrimPolicy(IdleMemoryTrimOptions options)
{
    private int? _lastGen0;
    private DateTimeOffset _idleSince;
    private DateTimeOffset? _lastTrim;

    /// <summary>Reads one sample; true when a trim should run now (and counts it as run).</summary>
    public bool ShouldTrim(GcSample sample, DateTimeOffset now)
    {
        if (_lastGen0 != sample.Gen0Collections)
        {
            _lastGen0 = sample.Gen0Collections;
            _idleSince = now;
            return false;
        }

        if (!options.Enabled || now - _idleSince < options.IdleFor || sample.EmptyCommittedBytes < options.MinimumEmptyBytes)
        {
            return false;
        }

        if (_lastTrim is { } last && now - last < options.MinimumGap)
        {
            return false;
        }

        _lastTrim = now;
        return true;
    }

    /// <summary>After a trim: its own collections are not activity, so the silo counts as idle still.</summary>
    public void Trimmed(GcSample after) => _lastGen0 = after.Gen0Collections;
}
