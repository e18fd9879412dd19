using Aitbc.Orleans.Fhe.Inference;

namespace Aitbc.Orleans.Fhe.Compiler;

/// <summary>y = W·x + b being assembled: W is <see cref="Outputs"/> × <see cref="Inputs"/>, row-major.</summary>
internal sealed class DenseStep(NodeRef node, int outputs, int inputs, double[] weights, double[] bias) : PlanStep(node)
{
    public int Outputs { get; private set; } = outputs;

    public int Inputs { get; } = inputs;

    public double[] Weights { get; private set; } = weights;

    public double[] Bias { get; private set; } = bias;

    /// <summary>Whether following this layer with an outputs × <see cref="Outputs"/> layer may be multiplied out (bounded work).</summary>
    public bool CanMerge(int outputs) => (long)outputs * Outputs * Inputs <= ChainCompiler.MaxMergeProducts;

    /// <summary>y ↦ scale ⊙ y + offset on this layer's output, folded into its rows and bias (either may be null).</summary>
    public void Apply(NodeRef node, double[]? scale, double[]? offset)
    {
        Nodes.Add(node);
        for (var r = 0; r < Outputs; r++)
        {
            if (scale is not null)
            {
                for (var c = 0; c < Inputs; c++)
                {
                    Weights[r * Inputs + c] *= scale[r];
                }

                Bias[r] *= scale[r];
            }

            if (offset is not null)
            {
                Bias[r] += offset[r];
            }
        }
    }

    /// <summary>Follows this layer with W2·y + b2, multiplied out: W2·W1 and W2·b1 + b2.</summary>
    public void Merge(NodeRef node, int outputs, double[] weights, double[] bias)
    {
        Nodes.Add(node);
        var merged = new double[outputs * Inputs];
        var mergedBias = new double[outputs];
        for (var r = 0; r < outputs; r++)
        {
            var b = bias[r];
            for (var k = 0; k < Outputs; k++)
            {
                var w = weights[r * Outputs + k];
                if (w == 0)
                {
                    continue;
                }

                b += w * Bias[k];
                for (var c = 0; c < Inputs; c++)
                {
                    merged[r * Inputs + c] += w * Weights[k * Inputs + c];
                }
            }

            mergedBias[r] = b;
        }

        Outputs = outputs;
        Weights = merged;
        Bias = mergedBias;
    }

    public override PlanLayer ToLayer() => new DenseLayer(Outputs, Inputs, Weights, Bias);
}
