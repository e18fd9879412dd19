namespace Aitbc.Orleans.Onnx.Building;

/// <summary>A fully connected layer: y = x·W + b (W row-major [InputSize, OutputSize]), optionally followed by ReLU.</summary>
public sealed record DenseLayer(int InputSize, int OutputSize, float[] Weights, float[] Bias, bool Relu);
