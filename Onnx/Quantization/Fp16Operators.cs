namespace Aitbc.Orleans.Onnx.Quantization;

/// <summary>
/// Standard operators the fp16 variant computes in half precision: those ONNX Runtime's CUDA provider has float16
/// kernels for (docs/OperatorKernels.md) and that stay accurate in half precision. Left out on purpose: sums and
/// means over many elements (ReduceSum, ReduceMean), Exp, Log and Pow (range), and anything not listed; those nodes
/// keep float32 with Cast nodes around them. On the CPU provider, ONNX Runtime inserts its own casts for float16
/// nodes it has no kernel for, so the variant runs there too.
/// </summary>
internal static class Fp16Operators
{
    private static readonly Dictionary<string, Fp16OperatorRule> Rules = new(StringComparer.Ordinal)
    {
        // Element-wise and activations: every input and output is T.
        ["Add"] = Fp16OperatorRule.All,
        ["Sub"] = Fp16OperatorRule.All,
        ["Mul"] = Fp16OperatorRule.All,
        ["Div"] = Fp16OperatorRule.All,
        ["Abs"] = Fp16OperatorRule.All,
        ["Neg"] = Fp16OperatorRule.All,
        ["Sqrt"] = Fp16OperatorRule.All,
        ["Max"] = Fp16OperatorRule.All,
        ["Min"] = Fp16OperatorRule.All,
        ["Relu"] = Fp16OperatorRule.All,
        ["LeakyRelu"] = Fp16OperatorRule.All,
        ["PRelu"] = Fp16OperatorRule.All,
        ["Elu"] = Fp16OperatorRule.All,
        ["Sigmoid"] = Fp16OperatorRule.All,
        ["HardSigmoid"] = Fp16OperatorRule.All,
        ["HardSwish"] = Fp16OperatorRule.All,
        ["Tanh"] = Fp16OperatorRule.All,
        ["Erf"] = Fp16OperatorRule.All,
        ["Gelu"] = Fp16OperatorRule.All,
        ["Clip"] = Fp16OperatorRule.All,
        ["Identity"] = Fp16OperatorRule.All,
        // Linear algebra and convolution (accumulation is float32 inside cuBLAS and cuDNN).
        ["MatMul"] = Fp16OperatorRule.All,
        ["Gemm"] = Fp16OperatorRule.All,
        ["Conv"] = Fp16OperatorRule.All,
        ["ConvTranspose"] = Fp16OperatorRule.All,
        // Normalisation, pooling, softmax (ONNX Runtime computes these in float32 internally for float16 tensors).
        ["BatchNormalization"] = Fp16OperatorRule.All,
        ["InstanceNormalization"] = Fp16OperatorRule.All,
        ["Softmax"] = Fp16OperatorRule.All,
        ["GlobalAveragePool"] = Fp16OperatorRule.All,
        ["GlobalMaxPool"] = Fp16OperatorRule.All,
        ["AveragePool"] = Fp16OperatorRule.All,
        ["MaxPool"] = new([0], [0]),
        // Data movement: T is the data; shapes, axes, indices and pads stay int64.
        ["Flatten"] = Fp16OperatorRule.All,
        ["Transpose"] = Fp16OperatorRule.All,
        ["Concat"] = Fp16OperatorRule.All,
        ["Reshape"] = Fp16OperatorRule.FirstInput,
        ["Squeeze"] = Fp16OperatorRule.FirstInput,
        ["Unsqueeze"] = Fp16OperatorRule.FirstInput,
        ["Expand"] = Fp16OperatorRule.FirstInput,
        ["Tile"] = Fp16OperatorRule.FirstInput,
        ["Slice"] = Fp16OperatorRule.FirstInput,
        ["Split"] = Fp16OperatorRule.FirstInput,
        ["Gather"] = Fp16OperatorRule.FirstInput,
        ["Pad"] = new([0, 2], null),
        ["Dropout"] = new([0], [0]),
        ["ReduceMax"] = Fp16OperatorRule.FirstInput,
        ["ReduceMin"] = Fp16OperatorRule.FirstInput,
    };

    /// <summary>The rule for a standard-domain operator the fp16 variant may compute in half precision, else null.</summary>
    public static Fp16OperatorRule? Find(string opType) => Rules.GetValueOrDefault(opType);
}
