using Xunit;
using Aitbc.Orleans.Onnx.Building;

namespace Aitbc.Orleans.Tests.Miner.Inference;

/// <summary>Plain C# forward passes (double accumulation) to check ONNX Runtime's answers against.</summary>
public static class ReferenceNetworks
{
    public static float[] Mlp(IReadOnlyList<DenseLayer> layers, float[] input, int batch)
    {
        var current = input;
        foreach (var layer in layers)
        {
            var next = new float[batch * layer.OutputSize];
            for (var b = 0; b < batch; b++)
            {
                for (var o = 0; o < layer.OutputSize; o++)
                {
                    double sum = layer.Bias[o];
                    for (var i = 0; i < layer.InputSize; i++)
                    {
                        sum += (double)current[(b * layer.InputSize) + i] * layer.Weights[(i * layer.OutputSize) + o];
                    }

                    next[(b * layer.OutputSize) + o] = layer.Relu ? (float)Math.Max(0, sum) : (float)sum;
                }
            }

            current = next;
        }

        return current;
    }

    public static float[] ConvNet(DemoConvNet net, float[] input, int batch)
    {
        var channels = net.Channels;
        var height = net.Height;
        var width = net.Width;
        var current = input;
        foreach (var layer in net.ConvLayers)
        {
            (current, height, width) = ConvRelu(layer, current, batch, height, width);
            channels = layer.OutChannels;
        }

        var logits = new float[batch * net.Classes];
        for (var b = 0; b < batch; b++)
        {
            var pooled = new double[channels];
            for (var c = 0; c < channels; c++)
            {
                double sum = 0;
                for (var p = 0; p < height * width; p++)
                {
                    sum += current[(((b * channels) + c) * height * width) + p];
                }

                pooled[c] = sum / (height * width);
            }

            for (var k = 0; k < net.Classes; k++)
            {
                double sum = net.ClassifierBias[k];
                for (var c = 0; c < channels; c++)
                {
                    sum += pooled[c] * net.ClassifierWeights[(k * channels) + c];
                }

                logits[(b * net.Classes) + k] = (float)sum;
            }
        }

        return logits;
    }

    private static (float[] Output, int Height, int Width) ConvRelu(ConvLayer layer, float[] input, int batch, int height, int width)
    {
        var outHeight = ((height + (2 * layer.Padding) - layer.Kernel) / layer.Stride) + 1;
        var outWidth = ((width + (2 * layer.Padding) - layer.Kernel) / layer.Stride) + 1;
        var output = new float[batch * layer.OutChannels * outHeight * outWidth];
        for (var b = 0; b < batch; b++)
        {
            for (var oc = 0; oc < layer.OutChannels; oc++)
            {
                for (var oy = 0; oy < outHeight; oy++)
                {
                    for (var ox = 0; ox < outWidth; ox++)
                    {
                        double sum = layer.Bias[oc];
                        for (var ic = 0; ic < layer.InChannels; ic++)
                        {
                            for (var ky = 0; ky < layer.Kernel; ky++)
                            {
                                for (var kx = 0; kx < layer.Kernel; kx++)
                                {
                                    var iy = (oy * layer.Stride) + ky - layer.Padding;
                                    var ix = (ox * layer.Stride) + kx - layer.Padding;
                                    if (iy < 0 || iy >= height || ix < 0 || ix >= width)
                                    {
                                        continue; // zero padding
                                    }

                                    var weight = layer.Weights[(((((oc * layer.InChannels) + ic) * layer.Kernel) + ky) * layer.Kernel) + kx];
                                    sum += weight * (double)input[(((((b * layer.InChannels) + ic) * height) + iy) * width) + ix];
                                }
                            }
                        }

                        output[(((((b * layer.OutChannels) + oc) * outHeight) + oy) * outWidth) + ox] = (float)Math.Max(0, sum);
                    }
                }
            }
        }

        return (output, outHeight, outWidth);
    }

    /// <summary>Largest absolute difference relative to the largest reference magnitude (max-norm relative error).</summary>
    public static double RelativeError(float[] actual, float[] expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double maxDiff = 0;
        double maxRef = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs((double)actual[i] - expected[i]));
            maxRef = Math.Max(maxRef, Math.Abs((double)expected[i]));
        }

        return maxDiff / Math.Max(maxRef, 1e-12);
    }

    public static float[] RandomFloats(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (random.NextSingle() * 2f) - 1f;
        }

        return values;
    }
}
