using Aitbc.Orleans.Onnx.Graph;

namespace Aitbc.Orleans.Onnx.Quantization;

/// <summary>
/// The int8 variant. Weights of MatMul, Gemm and Conv become int8 with one float scale per output channel
/// (symmetric, zero point 0). MatMul and Gemm compute as chosen by <see cref="Int8Options.MatMulMode"/>: by default
/// dynamic quantization (activations quantized per row at run time, MatMulInteger); Conv is weight-only
/// (DequantizeLinear feeding the float Conv). Every operator used has a kernel for these types in both ONNX Runtime's
/// CPU and CUDA providers (docs/OperatorKernels.md): MatMulInteger int8 x int8 -> int32, DequantizeLinear int8 with a
/// per-axis scale (opset 13+), Abs, ReduceMax, Div, Max, Round, Cast, Mul. Not used, and why: DynamicQuantizeLinear
/// (no CUDA kernel; uint8 output, which CUDA's MatMulInteger does not take) and ConvInteger (no CUDA kernel).
/// The model's inputs and outputs are untouched. Subgraphs are left in float32.
/// </summary>
public static class Int8Quantizer
{
    /// <summary>Per-axis DequantizeLinear (and the reduce and round operators used here) need this operator set.</summary>
    public const long MinimumOpset = 13;

    public static QuantizedModel Quantize(OnnxModel source, Int8Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= new Int8Options();
        var opset = source.DefaultOpsetVersion
            ?? throw new QuantizationNotApplicableException("The model imports no standard (ai.onnx) operator set.");
        if (opset < MinimumOpset)
        {
            throw new QuantizationNotApplicableException(
                $"The model uses ai.onnx opset {opset}; int8 needs {MinimumOpset} or later (per-channel DequantizeLinear).");
        }

        var model = source.Clone();
        var rewriter = new Int8GraphRewriter(model.RequireGraph(), opset, options);
        rewriter.Rewrite();
        if (rewriter.MatMuls + rewriter.Gemms + rewriter.Convs == 0)
        {
            throw new QuantizationNotApplicableException("The model has no MatMul, Gemm or Conv with a float32 weight initializer to quantize.");
        }

        var linear = options.MatMulMode == Int8MatMulMode.DynamicActivations
            ? "int8 weights and per-row dynamic int8 activations (MatMulInteger)"
            : "int8 weights dequantized to float32 (DequantizeLinear)";
        var summary =
            $"int8: {rewriter.MatMuls} MatMul and {rewriter.Gemms} Gemm with {linear}; {rewriter.Convs} Conv with int8 weights " +
            "dequantized to float32 (DequantizeLinear); weights symmetric per output channel.";
        return new QuantizedModel(model, summary, rewriter.MatMuls + rewriter.Gemms > 0 ? options.MatMulMode : null);
    }
}
