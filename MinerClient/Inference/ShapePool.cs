namespace Aitbc.Orleans.Miner.Inference;

/// <summary>The bindings of one session for one set of input shapes: the idle ones, and how many exist in all.</summary>
internal sealed class ShapePool(long[][] shapes)
{
    public long[][] Shapes { get; } = shapes;

    public Stack<ShapeBinding> Idle { get; } = new();

    /// <summary>Bindings of this shape, idle or leased.</summary>
    public int Count { get; set; }

    public long LastUsed { get; set; }

    /// <summary>Set when the pool is dropped to bound memory; bindings still leased are disposed when they come back.</summary>
    public bool Removed { get; set; }

    public bool Matches(IReadOnlyList<long[]> shapes)
    {
        if (shapes.Count != Shapes.Length)
        {
            return false;
        }

        for (var i = 0; i < Shapes.Length; i++)
        {
            if (!Shapes[i].AsSpan().SequenceEqual(shapes[i]))
            {
                return false;
            }
        }

        return true;
    }
}
