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
    IReadOnlyList<DenseLayer> Layers)
{
    /// <summary>One input row through the layers in double precision from the kept weights (reference outputs, known answers).</summary>
    public float[] Forward(ReadOnlySpan<float> row)
    {
        var x = new double[row.Length];
        for (var i = 0; i < row.Length; i++)
        {
            x[i] = row[i];
        }

        foreach (var layer in Layers)
        {
            var y = new double[layer.OutputSize];
            for (var o = 0; o < layer.OutputSize; o++)
            {
                var sum = (double)layer.Bias[o];
                for (var i = 0; i < layer.InputSize; i++)
                {
                    sum += x[i] * layer.Weights[(i * layer.OutputSize) + o];
                }

                y[o] = layer.Relu ? Math.Max(0, sum) : sum;
            }

            x = y;
        }

        return Array.ConvertAll(x, v => (float)v);
    }
}
