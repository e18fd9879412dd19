namespace Aitbc.Orleans.Onnx.Building;

/// <summary>
/// A generated convolution net: Conv+ReLU blocks, global average pool, flatten, then a Gemm classifier whose
/// weights are [Classes, last conv channels] (Gemm with transB).
/// </summary>
public sealed record DemoConvNet(
    string Name,
    byte[] ModelBytes,
    string Sha256,
    string InputName,
    string OutputName,
    int Channels,
    int Height,
    int Width,
    int Classes,
    IReadOnlyList<ConvLayer> ConvLayers,
    float[] ClassifierWeights,
    float[] ClassifierBias);
