using Aitbc.Orleans.Models.Variants;

namespace Aitbc.Orleans.Onnx.Quantization;

/// <summary>Accumulates one output's differences over the batches of a measurement (double accumulation).</summary>
internal sealed class OutputComparison(string name, VariantOutputKind kind)
{
    private double _squaredDifference;
    private double _squaredReference;
    private double _maxAbsolute;
    private long _agreeing;
    private long _compared;
    private bool _nonFinite;

    public void Add(ReadOnlySpan<double> reference, ReadOnlySpan<double> variant, long[] shape)
    {
        if (reference.Length != variant.Length)
        {
            throw new InvalidOperationException($"Output '{name}' has {variant.Length} elements in the variant and {reference.Length} in the original.");
        }

        for (var i = 0; i < reference.Length; i++)
        {
            if (!double.IsFinite(variant[i]) && double.IsFinite(reference[i]))
            {
                _nonFinite = true;
                continue;
            }

            var difference = variant[i] - reference[i];
            if (double.IsFinite(difference))
            {
                _squaredDifference += difference * difference;
                _squaredReference += reference[i] * reference[i];
                _maxAbsolute = Math.Max(_maxAbsolute, Math.Abs(difference));
            }
        }

        switch (kind)
        {
            case VariantOutputKind.Classifier:
                var classes = (int)shape[^1];
                for (var row = 0; row + classes <= reference.Length; row += classes)
                {
                    _agreeing += ArgMax(reference.Slice(row, classes)) == ArgMax(variant.Slice(row, classes)) ? 1 : 0;
                    _compared++;
                }

                break;
            case VariantOutputKind.Labels:
                for (var i = 0; i < reference.Length; i++)
                {
                    _agreeing += reference[i].Equals(variant[i]) ? 1 : 0;
                }

                _compared += reference.Length;
                break;
        }
    }

    public VariantOutputError Result()
    {
        var relative = _nonFinite ? double.PositiveInfinity
            : _squaredReference > 0 ? Math.Sqrt(_squaredDifference / _squaredReference)
            : _squaredDifference > 0 ? double.PositiveInfinity : 0;
        double? agreement = kind == VariantOutputKind.Values || _compared == 0 ? null : _agreeing / (double)_compared;
        return new VariantOutputError(name, kind, relative, _nonFinite ? double.PositiveInfinity : _maxAbsolute, agreement);
    }

    private static int ArgMax(ReadOnlySpan<double> row)
    {
        var best = 0;
        for (var i = 1; i < row.Length; i++)
        {
            if (row[i] > row[best])
            {
                best = i;
            }
        }

        return best;
    }
}
