using Aitbc.Orleans.Fhe.Inference;

namespace Aitbc.Orleans.Fhe.Compiler;

/// <summary>
/// An ONNX model compiled for encrypted evaluation: the plan and how it maps onto the model's signature — the one
/// input (a vector of <see cref="EncryptedPlan.InputLength"/> values, shaped [1, n] or [n] like the model declares it)
/// and the one output, which the client reads after decryption (and after the plan's client activation).
/// </summary>
public sealed record CompiledPlan(
    EncryptedPlan Plan,
    string InputName,
    IReadOnlyList<long> InputShape,
    string OutputName,
    IReadOnlyList<long> OutputShape);
