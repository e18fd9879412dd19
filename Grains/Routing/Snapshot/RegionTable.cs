using System.Runtime.InteropServices;
using Aitbc.Orleans.Fleet;

namespace Aitbc.Orleans.Routing.Snapshot;

/// <summary>
/// One region in a silo's routing snapshot: its GPUs as <see cref="GpuRow"/>s in one array (with their latest summaries,
/// which carry their ids, alongside), a <see cref="SphereTree"/> over their positions, and per tree node the number of GPUs in each
/// pool with each status code, kept current as rows change, so a search skips a subtree with nothing available and
/// still reports why. GPUs that joined since the tree was built sit in a small overflow with its own box and counts;
/// the table is rebuilt when the overflow or the dead slots grow. Not thread-safe: <see cref="FleetSnapshot"/> locks.
/// </summary>
public sealed class RegionTable
{
    /// <summary>New GPUs wait in the overflow (scanned as one more leaf) until this many, then the tree is rebuilt.</summary>
    public const int OverflowLimit = 32;

    private const int Pools = 2;
    private const int CountStride = Pools * RejectReasons.StatusCodes;
    private const int InOverflow = -1;

    private readonly Dictionary<string, int> _slotOf;
    private readonly List<int> _overflow = [];
    private readonly double[] _overflowBox = new double[6];
    private readonly SphereTree? _tree;
    private readonly int[] _counts;
    private GpuRow[] _rows;
    private GpuRoutingSummary?[] _summaries;
    private int[] _leafOf;
    private int _slots;
    private int _dead;
    private double _overflowLargestModel = double.NegativeInfinity;

    private RegionTable(string region, RegionChangesPosition position, int queueLength, GpuRoutingSummary[] gpus)
    {
        Region = region;
        Position = position;
        QueueLength = queueLength;
        var indexed = new List<GpuRoutingSummary>(gpus.Length);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var gpu in gpus)
        {
            if (RegionMembership.IsIndexed(gpu) && seen.Add(gpu.GpuId))
            {
                indexed.Add(gpu);
            }
        }

        var capacity = Math.Max(4, indexed.Count + OverflowLimit);
        _slotOf = new Dictionary<string, int>(capacity, StringComparer.Ordinal);
        _rows = new GpuRow[capacity];
        _summaries = new GpuRoutingSummary?[capacity];
        _leafOf = new int[capacity];
        if (indexed.Count > 0)
        {
            // Build over the rows as they came, then lay them out in the tree's order: a leaf's GPUs sit side by side.
            var built = indexed.Select(GpuRow.From).ToArray();
            _tree = SphereTree.Build(built, [.. Enumerable.Range(0, built.Length)]);
            var order = _tree.Order;
            for (var slot = 0; slot < order.Length; slot++)
            {
                var gpu = indexed[order[slot]];
                _rows[slot] = built[order[slot]];
                _summaries[slot] = gpu;
                _slotOf[gpu.GpuId] = slot;
                Load.Replace(null, gpu);
            }

            for (var slot = 0; slot < order.Length; slot++)
            {
                order[slot] = slot;
            }

            _slots = order.Length;
        }

        var nodes = _tree?.NodeCount ?? 0;
        _counts = new int[(nodes + 1) * CountStride];
        SphereTree.Empty(_overflowBox);
        if (_tree is not null)
        {
            CountTree(_tree);
        }
    }

    public string Region { get; }

    /// <summary>The region's epoch and version this table reflects.</summary>
    public RegionChangesPosition Position { get; set; }

    public int QueueLength { get; set; }

    public RegionLoad Load { get; } = new();

    public int Count => _slotOf.Count;

    public bool NeedsRebuild => _overflow.Count > OverflowLimit || _dead > Math.Max(OverflowLimit, Count / 4);

    public int OverflowCount => _overflow.Count;

    public static RegionTable Empty(string region) => new(region, default, 0, []);

    public static RegionTable Build(string region, RegionChangesPosition position, int queueLength, IEnumerable<GpuRoutingSummary> gpus) =>
        new(region, position, queueLength, [.. gpus]);

    /// <summary>The same GPUs in a fresh table: slots compacted, every GPU in the tree, the overflow empty.</summary>
    public RegionTable Rebuilt() => Build(Region, Position, QueueLength, Summaries());

    public bool Contains(string gpuId) => _slotOf.ContainsKey(gpuId);

    public GpuRoutingSummary? Find(string gpuId) => _slotOf.TryGetValue(gpuId, out var slot) ? _summaries[slot] : null;

    public IEnumerable<GpuRoutingSummary> Summaries()
    {
        for (var slot = 0; slot < _slots; slot++)
        {
            if (_summaries[slot] is { } gpu)
            {
                yield return gpu;
            }
        }
    }

    /// <summary>Applies a GPU's newer summary: in place when it did not move, else a new slot in the overflow. Offline leaves.</summary>
    public void Upsert(GpuRoutingSummary gpu)
    {
        if (TryUpdate(gpu) || !RegionMembership.IsIndexed(gpu))
        {
            return;
        }

        Remove(gpu.GpuId);
        Add(gpu, GpuRow.From(gpu));
    }

    /// <summary>
    /// Updates a GPU the table holds, in place (an offline one leaves); false when the table does not hold it or the
    /// GPU moved, which only <see cref="Upsert"/> handles.
    /// </summary>
    public bool TryUpdate(GpuRoutingSummary gpu)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        if (!_slotOf.TryGetValue(gpu.GpuId, out var slot))
        {
            return false;
        }

        if (!RegionMembership.IsIndexed(gpu))
        {
            Kill(slot);
            return true;
        }

        var row = GpuRow.From(gpu);
        ref var current = ref _rows[slot];
        if (!current.SamePlace(row, _summaries[slot]!, gpu))
        {
            return false;
        }

        Load.Replace(_summaries[slot], gpu);
        Recount(slot, current.Pool, current.Status, -1);
        Recount(slot, row.Pool, row.Status, +1);
        current = row;
        _summaries[slot] = gpu;
        return true;
    }

    public bool Remove(string gpuId)
    {
        if (!_slotOf.TryGetValue(gpuId, out var slot))
        {
            return false;
        }

        Kill(slot);
        return true;
    }

    // --- what the search reads -------------------------------------------------------------------------------------

    internal SphereTree? Tree => _tree;

    /// <summary>The overflow's node number: one past the tree's nodes.</summary>
    internal int OverflowNode => _tree?.NodeCount ?? 0;

    internal bool IsLeaf(int node) => node == OverflowNode || _tree!.IsLeaf(node);

    internal double LowerBoundChord(int node, double x, double y, double z) =>
        node == OverflowNode ? SphereTree.BoxBoundChord(_overflowBox, x, y, z) : _tree!.LowerBoundChord(node, x, y, z);

    internal double LargestModel(int node) => node == OverflowNode ? _overflowLargestModel : _tree!.LargestModel(node);

    internal ReadOnlySpan<int> SlotsOf(int node) =>
        node == OverflowNode ? CollectionsMarshal.AsSpan(_overflow) : _tree!.Order.AsSpan(_tree.First(node), _tree.Count(node));

    internal int CountOf(int node, PoolKind pool, int status) => _counts[node * CountStride + (int)pool * RejectReasons.StatusCodes + status];

    internal ref readonly GpuRow Row(int slot) => ref _rows[slot];

    internal GpuRoutingSummary SummaryOf(int slot) => _summaries[slot]!;

    // --- upkeep ----------------------------------------------------------------------------------------------------

    private void Add(GpuRoutingSummary gpu, GpuRow row)
    {
        if (_slots == _rows.Length)
        {
            var capacity = _rows.Length * 2;
            Array.Resize(ref _rows, capacity);
            Array.Resize(ref _summaries, capacity);
            Array.Resize(ref _leafOf, capacity);
        }

        var slot = _slots++;
        _rows[slot] = row;
        _summaries[slot] = gpu;
        _slotOf[gpu.GpuId] = slot;
        _leafOf[slot] = InOverflow;
        _overflow.Add(slot);
        SphereTree.Include(_overflowBox, (row.X, row.Y, row.Z));
        _overflowLargestModel = Math.Max(_overflowLargestModel, row.LargestModelBytes);
        Recount(slot, row.Pool, row.Status, +1);
        Load.Replace(null, gpu);
    }

    private void Kill(int slot)
    {
        ref var row = ref _rows[slot];
        Recount(slot, row.Pool, row.Status, -1);
        Load.Replace(_summaries[slot], null);
        _slotOf.Remove(_summaries[slot]!.GpuId);
        row.Live = false;
        _summaries[slot] = null;
        if (_leafOf[slot] == InOverflow)
        {
            _overflow.Remove(slot);
        }
        else
        {
            _dead++;
        }
    }

    /// <summary>Adds or removes one GPU of a pool and status on its leaf and every node above it (or on the overflow).</summary>
    private void Recount(int slot, PoolKind pool, int status, int delta)
    {
        var offset = (int)pool * RejectReasons.StatusCodes + status;
        var node = _leafOf[slot];
        if (node == InOverflow)
        {
            _counts[OverflowNode * CountStride + offset] += delta;
            return;
        }

        for (; node >= 0; node = _tree!.Parent(node))
        {
            _counts[node * CountStride + offset] += delta;
        }
    }

    private void CountTree(SphereTree tree)
    {
        for (var node = 0; node < tree.NodeCount; node++)
        {
            if (!tree.IsLeaf(node))
            {
                continue;
            }

            foreach (var slot in tree.Order.AsSpan(tree.First(node), tree.Count(node)))
            {
                _leafOf[slot] = node;
                ref readonly var row = ref _rows[slot];
                _counts[node * CountStride + (int)row.Pool * RejectReasons.StatusCodes + row.Status]++;
            }
        }

        // Pre-order numbering: children come after their parent, so a backwards pass sums every subtree.
        for (var node = tree.NodeCount - 1; node > 0; node--)
        {
            var parent = tree.Parent(node);
            for (var i = 0; i < CountStride; i++)
            {
                _counts[parent * CountStride + i] += _counts[node * CountStride + i];
            }
        }
    }
}
