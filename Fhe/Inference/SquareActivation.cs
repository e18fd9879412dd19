namespace Aitbc.Orleans.Fhe.Inference;

/// <summary>x ↦ x² element-wise: the polynomial activation CKKS evaluates with one multiplication (one level).</summary>
public sealed class SquareActivation : PlanLayer
{
    public static SquareActivation Instance { get; } = new();

    private SquareActivation()
    {
    }

    public override int OutputLength(int inputs) => inputs;
}
