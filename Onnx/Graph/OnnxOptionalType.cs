namespace Aitbc.Orleans.Onnx.Graph;

/// <summary>A value that may be absent.</summary>
public sealed record OnnxOptionalType(OnnxType? ElementType) : OnnxType;
