namespace Aitbc.Orleans.Onnx.Graph;

/// <summary>A SparseTensorProto: the non-zero values, their indices (COO) and the dense shape.</summary>
public sealed record OnnxSparseTensor(OnnxTensor? Values, OnnxTensor? Indices, IReadOnlyList<long> Dims);
