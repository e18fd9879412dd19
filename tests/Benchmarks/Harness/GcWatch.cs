namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// The garbage collections of this process during a measured window, so a latency tail can be set against the pauses:
/// collection counts per generation and the runtime's total pause time (<see cref="GC.GetTotalPauseDuration"/>), and
/// the longest single pause, read by polling <see cref="GC.GetGCMemoryInfo(GCKind)"/> for each kind of collection every
/// few milliseconds (a collection replaced by a later one of the same kind between two polls goes unseen by the maximum,
/// never by the total).
/// </summary>
public sealed class GcWatch : IDisposable
{
    private readonly int[] _countsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
    private readonly TimeSpan _pauseBefore = GC.GetTotalPauseDuration();
    private readonly long _allocatedBefore = GC.GetTotalAllocatedBytes();
    private readonly long[] _lastIndex = new long[3];
    private readonly Thread _poller;
    private volatile bool _running = true;
    private TimeSpan _longest;
    private string _longestKind = "none";
    private int _gen1Seen;
    private long _gen1Promoted;
    private long _gen0Promoted;

    private GcWatch()
    {
        for (var k = 0; k < Kinds.Length; k++)
        {
            _lastIndex[k] = GC.GetGCMemoryInfo(Kinds[k]).Index;
        }

        _poller = new Thread(Poll) { IsBackground = true, Name = "gc watch" };
        _poller.Start();
    }

    private static GCKind[] Kinds { get; } = [GCKind.Ephemeral, GCKind.FullBlocking, GCKind.Background];

    public static GcWatch Start() => new();

    /// <summary>Stops polling and returns what the window saw.</summary>
    public GcReading Stop()
    {
        _running = false;
        _poller.Join();
        Sample();
        return new GcReading(
            GC.CollectionCount(0) - _countsBefore[0],
            GC.CollectionCount(1) - _countsBefore[1],
            GC.CollectionCount(2) - _countsBefore[2],
            GC.GetTotalPauseDuration() - _pauseBefore,
            _longest,
            _longestKind,
            GC.GetTotalAllocatedBytes() - _allocatedBefore,
            _gen1Seen,
            _gen1Promoted,
            _gen0Promoted);
    }

    public void Dispose()
    {
        if (_running)
        {
            _ = Stop();
        }
    }

    private void Poll()
    {
        while (_running)
        {
            Sample();
            Thread.Sleep(2);
        }
    }

    private void Sample()
    {
        for (var k = 0; k < Kinds.Length; k++)
        {
            var info = GC.GetGCMemoryInfo(Kinds[k]);
            if (info.Index == _lastIndex[k])
            {
                continue;
            }

            _lastIndex[k] = info.Index;
            // What an ephemeral gen1 collection copies into gen2 is what it had to compact: the bytes that survive.
            if (Kinds[k] == GCKind.Ephemeral && info.Generation == 1)
            {
                _gen1Seen++;
                _gen1Promoted += info.PromotedBytes;
            }
            else if (Kinds[k] == GCKind.Ephemeral)
            {
                _gen0Promoted += info.PromotedBytes;
            }

            var pause = TimeSpan.Zero;
            foreach (var part in info.PauseDurations)
            {
                pause += part;
            }

            if (pause > _longest)
            {
                _longest = pause;
                _longestKind = $"{Kinds[k]} gen{info.Generation}{(info.Compacted ? " compacting" : "")}";
            }
        }
    }
}
