namespace Aitbc.Orleans.Fhe.Inference;

/// <summary>
/// A model that cannot become an encrypted-evaluation plan, with the reason (too deep, too wide, values too large,
/// unsupported layer). <see cref="LayerIndex"/> names the layer at fault when one is, so a compiler from another model
/// format can point at its own node.
/// </summary>
public sealed class PlanNotSupportedException : FheException
{
    public PlanNotSupportedException()
    {
    }

    public PlanNotSupportedException(string message)
        : base(message)
    {
    }

    public PlanNotSupportedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PlanNotSupportedException(string message, int layerIndex)
        : base(message)
    {
        LayerIndex = layerIndex;
    }

    /// <summary>The index of the plan layer the refusal is about; null when it concerns the plan as a whole.</summary>
    public int? LayerIndex { get; }
}
