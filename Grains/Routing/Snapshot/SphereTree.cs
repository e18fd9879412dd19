namespace Aitbc.Orleans.Routing.Snapshot;

/// <summary>
/// A k-d tree over the unit vectors of a region's GPUs: each node is an axis-aligned box in 3-D space holding a
/// contiguous run of <see cref="Order"/>, split at the median of its widest axis down to leaves of at most
/// <see cref="LeafSize"/> GPUs. The chord from a point to a box bounds the great-circle distance to everything inside
/// it from below, exactly (see <see cref="UnitVector"/>), which is what a best-first search needs to stop early.
/// Nodes are numbered in pre-order, so a parent's number is smaller than its children's, and each node's fields sit
/// together in one struct (one or two cache lines per node visited). Built once per change of membership; GPUs that
/// join later wait in the region table's overflow until the next build.
/// </summary>
public sealed class SphereTree
{
    public const int LeafSize = 16;

    private readonly Node[] _nodes;

    private SphereTree(int capacity, int[] order)
    {
        _nodes = new Node[capacity];
        Order = order;
    }

    /// <summary>The indexed slots, grouped so that every node covers Order[First .. First + Count).</summary>
    public int[] Order { get; }

    public int NodeCount { get; private set; }

    /// <param name="rows">The GPUs' rows (their unit vectors and model capacity).</param>
    /// <param name="slots">The indexes to place.</param>
    public static SphereTree Build(GpuRow[] rows, int[] slots)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(slots);
        var capacity = 2 * (slots.Length / (LeafSize / 2) + 1) + 1;
        var tree = new SphereTree(capacity, slots);
        if (slots.Length > 0)
        {
            tree.Split(rows, new double[slots.Length], 0, slots.Length, -1);
        }

        return tree;
    }

    public bool IsLeaf(int node) => _nodes[node].Left < 0;

    public int Left(int node) => _nodes[node].Left;

    public int Right(int node) => _nodes[node].Right;

    public int Parent(int node) => _nodes[node].Parent;

    public int First(int node) => _nodes[node].First;

    public int Count(int node) => _nodes[node].Count;

    /// <summary>The largest model any GPU under the node holds when the tree was built (they do not change in place).</summary>
    public double LargestModel(int node) => _nodes[node].LargestModel;

    /// <summary>
    /// A lower bound on the chord from the unit vector (x, y, z) to any GPU under the node. Chords order like
    /// great-circle distances, so a search can rank by chord and convert only what it pops (<see cref="UnitVector.LowerBoundKm"/>).
    /// </summary>
    public double LowerBoundChord(int node, double x, double y, double z)
    {
        ref readonly var n = ref _nodes[node];
        return Chord(Gap(x, n.MinX, n.MaxX), Gap(y, n.MinY, n.MaxY), Gap(z, n.MinZ, n.MaxZ));
    }

    /// <summary>The same bound for a box laid out as min/max x, min/max y, min/max z.</summary>
    public static double BoxBoundChord(ReadOnlySpan<double> box, double x, double y, double z) =>
        Chord(Gap(x, box[0], box[1]), Gap(y, box[2], box[3]), Gap(z, box[4], box[5]));

    /// <summary>Grows a box (min/max x, y, z) to hold a point; an empty box starts as min = +inf, max = -inf.</summary>
    public static void Include(Span<double> box, (double X, double Y, double Z) point)
    {
        box[0] = Math.Min(box[0], point.X);
        box[1] = Math.Max(box[1], point.X);
        box[2] = Math.Min(box[2], point.Y);
        box[3] = Math.Max(box[3], point.Y);
        box[4] = Math.Min(box[4], point.Z);
        box[5] = Math.Max(box[5], point.Z);
    }

    public static void Empty(Span<double> box)
    {
        for (var i = 0; i < 6; i += 2)
        {
            box[i] = double.PositiveInfinity;
            box[i + 1] = double.NegativeInfinity;
        }
    }

    private static double Chord(double dx, double dy, double dz) => Math.Sqrt(dx * dx + dy * dy + dz * dz);

    private static double Gap(double v, double min, double max) => v < min ? min - v : v > max ? v - max : 0;

    private int Split(GpuRow[] rows, double[] keys, int first, int count, int parent)
    {
        var index = NodeCount++;
        Span<double> box = stackalloc double[6];
        Empty(box);
        var largest = double.NegativeInfinity;
        for (var i = first; i < first + count; i++)
        {
            ref readonly var row = ref rows[Order[i]];
            Include(box, (row.X, row.Y, row.Z));
            largest = Math.Max(largest, row.LargestModelBytes);
        }

        ref var node = ref _nodes[index];
        node = new Node
        {
            MinX = box[0], MaxX = box[1], MinY = box[2], MaxY = box[3], MinZ = box[4], MaxZ = box[5],
            First = first, Count = count, Parent = parent, Left = -1, Right = -1, LargestModel = largest,
        };
        if (count <= LeafSize)
        {
            return index;
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
        var left = Split(rows, keys, first, half, index);
        var right = Split(rows, keys, first + half, count - half, index);
        _nodes[index].Left = left;
        _nodes[index].Right = right;
        return index;
    }

    private struct Node
    {
        public double MinX;
        public double MaxX;
        public double MinY;
        public double MaxY;
        public double MinZ;
        public double MaxZ;
        public double LargestModel;
        public int First;
        public int Count;
        public int Left;
        public int Right;
        public int Parent;
    }
}
