using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Miner.Inference.Onnx;

/// <summary>A typed graph input or output (ValueInfoProto with a tensor TypeProto).</summary>
public sealed record OnnxValueInfo(string Name, TensorElementType ElementType, IReadOnlyList<OnnxDimension> Dimensions);
