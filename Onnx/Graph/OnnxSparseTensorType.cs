namespace Aitbc.Orleans.Onnx.Graph;

/// <summary>A sparse tensor of <see cref="ElementType"/>; Shape null means the rank is unknown.</summary>
public sealed record OnnxSparseTensorType(int ElementType, IReadOnlyList<OnnxDimension>? Shape) : OnnxType;
