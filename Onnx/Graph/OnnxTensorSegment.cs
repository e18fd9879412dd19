namespace Aitbc.Orleans.Onnx.Graph;

/// <summary>TensorProto.Segment: which slice of a large tensor this proto holds (begin and end are optional).</summary>
public sealed record OnnxTensorSegment(long? Begin, long? End);
