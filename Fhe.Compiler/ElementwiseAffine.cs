namespace Aitbc.Orleans.Fhe.Compiler;

/// <summary>
/// x ↦ a ⊙ x + c, element-wise constant operations waiting for the next dense layer (they follow a square activation,
/// or the input, where there is no dense layer to fold them into): W·(a ⊙ x + c) + b = (W·diag a)·x + (W·c + b).
/// </summary>
internal sealed class ElementwiseAffine(NodeRef first, int width)
{
    private readonly double[] _scale = Enumerable.Repeat(1.0, width).ToArray();
    private readonly double[] _offset = new double[width];

    public NodeRef First { get; } = first;

    public bool IsIdentity => _scale.All(s => s == 1) && _offset.All(o => o == 0);

    /// <summary>Then y ↦ scale ⊙ y + offset.</summary>
    public void Then(double[]? scale, double[]? offset)
    {
        for (var i = 0; i < _scale.Length; i++)
        {
            if (scale is not null)
            {
                _scale[i] *= scale[i];
                _offset[i] *= scale[i];
            }

            if (offset is not null)
            {
                _offset[i] += offset[i];
            }
        }
    }

    /// <summary>The dense layer W, b (outputs × inputs, row-major) applied after this: W·diag(a) and W·c + b.</summary>
    public (double[] Weights, double[] Bias) FoldInto(int outputs, int inputs, double[] weights, double[] bias)
    {
        var folded = new double[weights.Length];
        var foldedBias = (double[])bias.Clone();
        for (var r = 0; r < outputs; r++)
        {
            for (var c = 0; c < inputs; c++)
            {
                var w = weights[r * inputs + c];
                folded[r * inputs + c] = w * _scale[c];
                foldedBias[r] += w * _offset[c];
            }
        }

        return (folded, foldedBias);
    }
}
