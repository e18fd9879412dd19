using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Onnx.Building;

/// <summary>A generated MLP model with its weights kept so callers can compute reference outputs.</summary>
public sealed record DemoMlp(
    string Name,
    byte[] ModelBytes,
    string Sha256,
    string InputName,
    string OutputName,
    int InputDim,
    int OutputDim,
    TensorElementType ElementType,
    IReadOnlyList<DenseLayer> Layers);
