using Aitbc.Orleans.Fhe.Inference;

namespace Aitbc.Orleans.Fhe.Compiler;

/// <summary>Mul(x, x) or Pow(x, 2).</summary>
internal sealed class SquareStep(NodeRef node) : PlanStep(node)
{
    public override PlanLayer ToLayer() => SquareActivation.Instance;
}
