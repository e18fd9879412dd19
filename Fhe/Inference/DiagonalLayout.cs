namespace Aitbc.Orleans.Fhe.Inference;

/// <summary>
/// The slot layout of the diagonal method (Halevi–Shoup). A vector x of length ≤ d lives zero-padded to d values and
/// repeated across all N/2 slots (slot s holds x[s mod d]); since d divides N/2, rotating all slots by k rotates every
/// d-block by k. With W zero-padded to d × d and diagonal k given by diag_k[i] = W[i][(i + k) mod d],
/// W·x = Σ_k diag_k ⊙ rot(x, k), and the result has the same layout. Baby-step/giant-step with g baby steps:
/// k = j·g + i and diag_k ⊙ rot(x, k) = rot(rot(diag_k, −j·g) ⊙ rot(x, i), j·g), so the i-rotations of x are shared
/// and each giant group needs one rotation.
/// </summary>
internal static class DiagonalLayout
{
    /// <summary>diag_k[i] = W[i][(i + k) mod d], zero outside W.</summary>
    public static double Diagonal(DenseLayer layer, int period, int k, int i)
    {
        var column = (i + k) % period;
        return i < layer.Outputs && column < layer.Inputs ? layer.Weight(i, column) : 0;
    }

    /// <summary>The diagonals with a non-zero entry; diagonal 0 alone for an all-zero matrix, so every layer has a term.</summary>
    public static IReadOnlyList<int> NonZeroDiagonals(DenseLayer layer, int period)
    {
        var found = new List<int>();
        for (var k = 0; k < period; k++)
        {
            for (var i = 0; i < Math.Min(period, layer.Outputs); i++)
            {
                if (Diagonal(layer, period, k, i) != 0)
                {
                    found.Add(k);
                    break;
                }
            }
        }

        return found.Count > 0 ? found : [0];
    }

    /// <summary>rot(diag_k, −shift) repeated across <paramref name="slots"/> slots: slot s holds diag_k[(s − shift) mod d].</summary>
    public static double[] RotatedDiagonalSlots(DenseLayer layer, int period, int k, int shift, int slots)
    {
        var values = new double[slots];
        for (var s = 0; s < slots; s++)
        {
            var i = (((s - shift) % period) + period) % period;
            values[s] = Diagonal(layer, period, k, i);
        }

        return values;
    }

    /// <summary>A vector zero-padded to d and repeated across <paramref name="slots"/> slots.</summary>
    public static double[] Replicate(ReadOnlySpan<double> vector, int period, int slots)
    {
        var values = new double[slots];
        for (var s = 0; s < slots; s++)
        {
            var i = s % period;
            values[s] = i < vector.Length ? vector[i] : 0;
        }

        return values;
    }
}
