namespace Aitbc.Orleans.Hosting.Memory;

/// <summary>
/// Decides when to return the GC's empty committed memory. The GC gives such memory back by itself, a little at each
/// collection, so a busy silo needs nothing. A silo that has just registered a large fleet and then gone quiet (no
/// collection runs) keeps all the memory that registration's garbage needed, indefinitely: up to 1.3 KB per GPU on
/// top of the live heap at 100k GPUs. Only then, when the silo is idle and the empty memory is large, is one
/// aggressive (blocking, compacting, decommitting) collection worth its pause.
/// </summary>
public sealed class IdleMemoryTrimPolicy(IdleMemoryTrimOptions options)
{
    private int? _lastGen0;
    private DateTimeOffset? _lastTrim;

    /// <summary>Reads one sample; true when a trim should run now (and counts it as run).</summary>
    public bool ShouldTrim(GcSample sample, DateTimeOffset now)
    {
        var idle = _lastGen0 == sample.Gen0Collections;
        _lastGen0 = sample.Gen0Collections;
        if (!options.Enabled || !idle || sample.EmptyCommittedBytes < options.MinimumEmptyBytes)
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

    /// <summary>After a trim: its own collections are not activity, so the next check compares against this sample.</summary>
    public void Trimmed(GcSample after) => _lastGen0 = after.Gen0Collections;
}
