namespace Aitbc.Orleans.Routing.Snapshot;

/// <summary>
/// A k-d tree over the unit vectors of a region's GPUs: each node is an axis-aligned box in 3-D space holding a
/// contiguous run of <see cref="Order"/>, split at the median of its widest axis down to leaves of at most
/// <see cref="LeafSize"/> GPUs. The chord from a point to a box bounds the great-circle distance to everything inside
/// it from below, exactly (see <see cref="UnitVector"/>), which is what a best-first search needs to stop early.
/// Nodes are numbered in pre-order, so a parent's number is smaller than its children's. Built once per change of
/// membership; GPUs that join later wait in the region table's overflow until the next build.
/// </summary>
public sealed class SphereTree
{
    public const int LeafSize = 16;

    private readonly double[] _box;
    private readonly int[] _first;
    private readonly int[] _count;
    private readonly int[] _left;
    private readonly int[] _right;
    private readonly int[] _parent;
    private readonly double[] _largestModel;

    private SphereTree(int capacity, int[] order)
    {
        _box = new double[capacity * 6];
        _first = new int[capacity];
        _count = new int[capacity];
        _left = new int[capacity];
        _right = new int[capacity];
        _parent = new int[capacity];
        _largestModel = new double[capacity];
        Order = order;
    }

    /// <summary>The indexed slots, grouped so that every node covers Order[First .. First + Count).</summary>
    public int[] Order { get; }

    public int NodeCount { get; private set; }

    public static SphereTree Build(GpuRow[] rows, int[] slots)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(slots);
        var capacity = 2 * (slots.Length / (LeafSize / 2) + 1) + 1;
        var tree = new SphereTree(capacity, slots);
        var keys = new double[slots.Length];
        if (slots.Length > 0)
        {
            tree.Split(rows, keys, 0, slots.Length, -1);
        }

        return tree;
    }

    public bool IsLeaf(int node) => _left[node] < 0;

    public int Left(int node) => _left[node];

    public int Right(int node) => _right[node];

    public int Parent(int node) => _parent[node];

    public int First(int node) => _first[node];

    public int Count(int node) => _count[node];

    /// <summary>The largest model any GPU under the node holds when the tree was built (they do not change in place).</summary>
    public double LargestModel(int node) => _largestModel[node];

    /// <summary>A lower bound, in great-circle km, on the distance from the unit vector (x, y, z) to any GPU under the node.</summary>
    public double LowerBoundKm(int node, double x, double y, double z) => BoxBoundKm(_box.AsSpan(node * 6, 6), x, y, z);

    /// <summary>The same bound for a box laid out as min/max x, min/max y, min/max z.</summary>
    public static double BoxBoundKm(ReadOnlySpan<double> box, double x, double y, double z)
    {
        var dx = Gap(x, box[0], box[1]);
        var dy = Gap(y, box[2], box[3]);
        var dz = Gap(z, box[4], box[5]);
        var chord = Math.Sqrt(dx * dx + dy * dy + dz * dz);

        // Rounding in the unit vectors is ~1e-16; a metre of slack keeps the bound below the haversine distance.
        return Math.Max(0, UnitVector.ChordToKm(chord) - 0.001);
    }

    /// <summary>Grows a box (min/max x, y, z) to hold a point; an empty box starts as min = +inf, max = -inf.</summary>
    public static void Include(Span<double> box, in GpuRow row)
    {
        box[0] = Math.Min(box[0], row.X);
        box[1] = Math.Max(box[1], row.X);
        box[2] = Math.Min(box[2], row.Y);
        box[3] = Math.Max(box[3], row.Y);
        box[4] = Math.Min(box[4], row.Z);
        box[5] = Math.Max(box[5], row.Z);
    }

    public static void Empty(Span<double> box)
    {
        for (var i = 0; i < 6; i += 2)
        {
            box[i] = double.PositiveInfinity;
            box[i + 1] = double.NegativeInfinity;
        }
    }

    private static double Gap(double v, double min, double max) => v < min ? min - v : v > max ? v - max : 0;

    private int Split(GpuRow[] rows, double[] keys, int first, int count, int parent)
    {
        var node = NodeCount++;
        _first[node] = first;
        _count[node] = count;
        _parent[node] = parent;
        var box = _box.AsSpan(node * 6, 6);
        Empty(box);
        var largest = double.NegativeInfinity;
        for (var i = first; i < first + count; i++)
        {
            ref readonly var row = ref rows[Order[i]];
            Include(box, row);
            largest = Math.Max(largest, row.LargestModelBytes);
        }

        _largestModel[node] = largest;
        if (count <= LeafSize)
        {
            _left[node] = -1;
            _right[node] = -1;
            return node;
        }

        // Split at the median of the widest axis, so boxes stay compact and the depth stays log2(n / LeafSize).
        var axis = box[1] - box[0] >= box[3] - box[2]
            ? (box[1] - box[0] >= box[5] - box[4] ? 0 : 2)
            : (box[3] - box[2] >= box[5] - box[4] ? 1 : 2);
        for (var i = first; i < first + count; i++)
        {
            ref readonly var row = ref rows[Order[i]];
            keys[i] = axis == 0 ? row.X : axis == 1 ? row.Y : row.Z;
        }

        Array.Sort(keys, Order, first, count);
        var half = count / 2;
        _left[node] = Split(rows, keys, first, half, node);
        _right[node] = Split(rows, keys, first + half, count - half, node);
        return node;
    }
}
