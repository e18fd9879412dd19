namespace Aitbc.Orleans.Miner.Inference.Onnx;

/// <summary>One operator application in the graph (NodeProto).</summary>
public sealed record OnnxNode(
    string OpType,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    string Name,
    IReadOnlyList<OnnxAttribute> Attributes);
