using Aitbc.Orleans.Onnx.Graph;

namespace Aitbc.Orleans.Onnx.Quantization;

/// <summary>A converted graph and what the conversion did, in words (stored with the variant's report).</summary>
/// <param name="Int8MatMulMode">How MatMul and Gemm were quantized; null for fp16 or when the model has none.</param>
public sealed record QuantizedModel(OnnxModel Model, string Summary, Int8MatMulMode? Int8MatMulMode = null);
