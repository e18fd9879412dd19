namespace Aitbc.Orleans.Onnx.Graph;

/// <summary>A dense tensor of <see cref="ElementType"/> (an <see cref="OnnxDataType"/> number); Shape null means the rank is unknown.</summary>
public sealed record OnnxTensorType(int ElementType, IReadOnlyList<OnnxDimension>? Shape) : OnnxType;
