namespace Aitbc.Orleans.Fhe.Inference;

/// <summary>y = W·x + b with plaintext weights: W is <see cref="Outputs"/> × <see cref="Inputs"/>, row-major.</summary>
public sealed class DenseLayer : PlanLayer
{
    private readonly double[] _weights;
    private readonly double[] _bias;

    public DenseLayer(int outputs, int inputs, ReadOnlySpan<double> weights, ReadOnlySpan<double> bias)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        if (weights.Length != (long)outputs * inputs)
        {
            throw new ArgumentException($"a {outputs}×{inputs} layer has {(long)outputs * inputs} weights, got {weights.Length}", nameof(weights));
        }

        if (bias.Length != outputs)
        {
            throw new ArgumentException($"a layer with {outputs} outputs has {outputs} biases, got {bias.Length}", nameof(bias));
        }

        foreach (var w in weights)
        {
            if (!double.IsFinite(w))
            {
                throw new ArgumentException("weights must be finite numbers", nameof(weights));
            }
        }

        foreach (var b in bias)
        {
            if (!double.IsFinite(b))
            {
                throw new ArgumentException("biases must be finite numbers", nameof(bias));
            }
        }

        Outputs = outputs;
        Inputs = inputs;
        _weights = weights.ToArray();
        _bias = bias.ToArray();
    }

    /// <summary>From rows (one per output) and a bias per output.</summary>
    public static DenseLayer FromRows(IReadOnlyList<double[]> rows, ReadOnlySpan<double> bias)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0 || rows.Any(r => r is null || r.Length != rows[0].Length))
        {
            throw new ArgumentException("rows must be non-empty and of equal length", nameof(rows));
        }

        return new DenseLayer(rows.Count, rows[0].Length, [.. rows.SelectMany(r => r)], bias);
    }

    public int Outputs { get; }

    public int Inputs { get; }

    public ReadOnlySpan<double> Weights => _weights;

    public ReadOnlySpan<double> Bias => _bias;

    public double Weight(int output, int input) => _weights[output * Inputs + input];

    public override int OutputLength(int inputs) => Outputs;
}
