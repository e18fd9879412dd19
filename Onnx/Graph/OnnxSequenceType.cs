namespace Aitbc.Orleans.Onnx.Graph;

/// <summary>A sequence of values of one type.</summary>
public sealed record OnnxSequenceType(OnnxType? ElementType) : OnnxType;
