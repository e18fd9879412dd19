namespace Aitbc.Orleans.Onnx.Quantization;

/// <summary>How the int8 variant computes MatMul and Gemm.</summary>
public enum Int8MatMulMode
{
    /// <summary>
    /// Dynamic quantization: int8 weights, and activations quantized to int8 at run time, per row (so a sample's
    /// result never depends on the others in its batch); MatMulInteger (int8 x int8 -> int32) then one rescale.
    /// Built only from operators both the CPU and the CUDA providers implement for these types.
    /// </summary>
    DynamicActivations = 0,

    /// <summary>int8 weights dequantized at run time (DequantizeLinear) into a float32 MatMul/Gemm: weight error only.</summary>
    WeightOnly = 1,
}
