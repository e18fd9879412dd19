using Aitbc.Orleans.Fleet;

namespace Aitbc.Orleans.Routing.Snapshot;

/// <summary>
/// Best-first search for the k nearest GPUs that pass the hard filters, across every region of a snapshot at once.
/// A frontier of tree nodes (and region overflows) is ordered by the exact lower bound of each (a chord, which orders
/// like the great-circle distance); the search pops the nearest, opens it (children, or the GPUs of a leaf through
/// <see cref="CandidateFilter"/>), and stops when the next bound is past the latency budget or past the k-th candidate
/// in hand. A node with no available GPU of
/// the pool, or none that holds the model, is not opened: its GPUs are counted by status from the node's counts.
/// One instance per thread; not thread-safe.
/// </summary>
internal sealed class SnapshotSearch
{
    [ThreadStatic]
    private static SnapshotSearch? t_current;

    private readonly PriorityQueue<(int Table, int Node), double> _frontier = new();
    private readonly PriorityQueue<(int Table, int Slot), double> _best = new(Comparer<double>.Create((a, b) => b.CompareTo(a)));

    public static SnapshotSearch Current => t_current ??= new SnapshotSearch();

    public int Find(IReadOnlyList<RegionTable> tables, CandidateQuery query, RejectionTally tally, SnapshotCandidate[] found)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(found);
        var k = query.ResultCount;
        ArgumentOutOfRangeException.ThrowIfLessThan(found.Length, k, nameof(found));
        _frontier.Clear();
        _best.Clear();
        var (x, y, z) = UnitVector.Of(query.Client);
        for (var t = 0; t < tables.Count; t++)
        {
            var table = tables[t];
            if (table.Tree is { NodeCount: > 0 })
            {
                _frontier.Enqueue((t, 0), table.LowerBoundChord(0, x, y, z));
            }

            if (table.OverflowCount > 0)
            {
                _frontier.Enqueue((t, table.OverflowNode), table.LowerBoundChord(table.OverflowNode, x, y, z));
            }
        }

        var worst = double.PositiveInfinity;
        while (_frontier.TryDequeue(out var entry, out var chord))
        {
            // The measured part of the RTT estimate is never negative, so the geographic estimate bounds it from below.
            var bound = RttModel.FromDistanceKm(UnitVector.LowerBoundKm(chord));
            if (bound > query.LatencyBudgetMs || (_best.Count == k && bound > worst))
            {
                break;
            }

            var table = tables[entry.Table];
            var node = entry.Node;
            var available = table.CountOf(node, query.Pool, RejectReasons.Available);
            var holdsModel = table.LargestModel(node) >= query.SmallestBytes;
            if (available == 0 || !holdsModel)
            {
                CountUnopened(table, node, query.Pool, holdsModel, tally);
                continue;
            }

            if (!table.IsLeaf(node))
            {
                var tree = table.Tree!;
                var left = tree.Left(node);
                var right = tree.Right(node);
                _frontier.Enqueue((entry.Table, left), tree.LowerBoundChord(left, x, y, z));
                _frontier.Enqueue((entry.Table, right), tree.LowerBoundChord(right, x, y, z));
                continue;
            }

            foreach (var slot in table.SlotsOf(node))
            {
                ref readonly var row = ref table.Row(slot);
                if (!row.Live)
                {
                    continue;
                }

                var code = CandidateFilter.Reject(row, table.SummaryOf(slot), query, (x, y, z), out var rtt);
                if (code != RejectReasons.None)
                {
                    tally.Add(code);
                    continue;
                }

                if (_best.Count < k)
                {
                    _best.Enqueue((entry.Table, slot), rtt);
                }
                else if (rtt < worst)
                {
                    _best.DequeueEnqueue((entry.Table, slot), rtt);
                }

                if (_best.Count == k)
                {
                    _best.TryPeek(out _, out worst);
                }
            }
        }

        var count = _best.Count;
        for (var i = count - 1; _best.TryDequeue(out var pick, out var rtt); i--)
        {
            var table = tables[pick.Table];
            var gpu = table.SummaryOf(pick.Slot);
            found[i] = new SnapshotCandidate(gpu, table.Region, rtt, Models.WarmModels.Holds(gpu.WarmModels, query.WarmKey));
        }

        return count;
    }

    /// <summary>GPUs of a node the search did not open, counted in the filter's order: other pool, status, then model.</summary>
    private static void CountUnopened(RegionTable table, int node, PoolKind pool, bool holdsModel, RejectionTally tally)
    {
        var other = pool == PoolKind.Edge ? PoolKind.Cloud : PoolKind.Edge;
        var otherPool = 0;
        for (var status = 0; status < RejectReasons.StatusCodes; status++)
        {
            otherPool += table.CountOf(node, other, status);
            var count = table.CountOf(node, pool, status);
            tally.Add(status == RejectReasons.Available ? (holdsModel ? RejectReasons.Available : RejectReasons.TooSmall) : status, count);
        }

        tally.Add(RejectReasons.OtherPool(other), otherPool);
    }
}
