namespace Aitbc.Orleans.Onnx.Building;

/// <summary>A square 2-D convolution followed by ReLU. Weights are [OutChannels, InChannels, Kernel, Kernel].</summary>
public sealed record ConvLayer(int InChannels, int OutChannels, int Kernel, int Stride, int Padding, float[] Weights, float[] Bias);
