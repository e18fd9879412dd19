using Aitbc.Orleans.Fhe.Ckks;
using Aitbc.Orleans.Onnx.Graph;
using Aitbc.Orleans.Onnx.Serialization;

namespace Aitbc.Orleans.Fhe.Compiler;

/// <summary>
/// Compiles an ONNX model into an <see cref="Inference.EncryptedPlan"/>. Supported: one float input vector ([n], or
/// [1, n] / [batch, n] evaluated one row at a time) flowing through a chain of
/// <list type="bullet">
/// <item>MatMul (x·W) and Gemm (transA = 0, alpha, beta, transB) with constant weights and bias — dense layers;</item>
/// <item>Add, Sub, Mul, Div with a constant, and Neg — folded into the neighbouring dense layer, at no level;</item>
/// <item>Mul(x, x) and Pow(x, 2) — the square activation;</item>
/// <item>Identity and Flatten (which change nothing on one vector);</item>
/// <item>Sigmoid or Softmax as the last operation, applied by the client after decryption.</item>
/// </list>
/// Consecutive dense layers are multiplied into one, so only dense layers separated by squares cost a level each. A
/// model outside this set, deeper than the parameter set's levels, wider than its slots, or whose values (for inputs
/// within the bound) could outgrow the modulus is refused with a <see cref="ModelNotSupportedException"/> that names
/// the node, the operator and the limit.
/// </summary>
public static class OnnxPlanCompiler
{
    public static CompiledPlan Compile(ReadOnlyMemory<byte> model, CkksParameters parameters, double inputBound = 1.0)
    {
        OnnxModel parsed;
        try
        {
            parsed = OnnxModelReader.Read(model);
        }
        catch (OnnxFormatException ex)
        {
            throw new ModelNotSupportedException($"the bytes are not a readable ONNX model: {ex.Message}", ex);
        }

        return Compile(parsed, parameters, inputBound);
    }

    public static CompiledPlan Compile(OnnxModel model, CkksParameters parameters, double inputBound = 1.0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(parameters);
        var graph = model.Graph ?? throw new ModelNotSupportedException("the model has no graph");
        return new ChainCompiler(graph, parameters, inputBound, model.DefaultOpsetVersion ?? 1).Compile();
    }
}
