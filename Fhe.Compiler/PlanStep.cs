using Aitbc.Orleans.Fhe.Inference;

namespace Aitbc.Orleans.Fhe.Compiler;

/// <summary>One plan layer being assembled, with the ONNX nodes that compute it (several when constants or dense layers were folded in).</summary>
internal abstract class PlanStep(NodeRef first)
{
    public List<NodeRef> Nodes { get; } = [first];

    public abstract PlanLayer ToLayer();
}
