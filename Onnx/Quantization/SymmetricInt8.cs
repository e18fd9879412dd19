namespace Aitbc.Orleans.Onnx.Quantization;

/// <summary>
/// Symmetric per-channel int8 quantization of weights: one float scale per channel along an axis, zero point 0,
/// q = round(w / scale) in [-127, 127] with scale = max|w| / 127 over the channel. -128 is not used, so negating a
/// value never overflows and CUDA's int8 GEMM needs no zero-point correction.
/// </summary>
internal static class SymmetricInt8
{
    public const float Levels = 127f;

    public static (sbyte[] Values, float[] Scales) PerChannel(float[] weights, IReadOnlyList<long> dims, int axis)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfNegative(axis);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(axis, dims.Count);
        var channels = checked((int)dims[axis]);
        var inner = 1;
        for (var d = axis + 1; d < dims.Count; d++)
        {
            inner = checked(inner * (int)dims[d]);
        }

        var outer = channels == 0 || inner == 0 ? 0 : weights.Length / (channels * inner);
        var max = new float[channels];
        for (var o = 0; o < outer; o++)
        {
            for (var c = 0; c < channels; c++)
            {
                var start = ((o * channels) + c) * inner;
                for (var i = 0; i < inner; i++)
                {
                    max[c] = Math.Max(max[c], Math.Abs(weights[start + i]));
                }
            }
        }

        // An all-zero channel gets scale 1 (any scale would do); it quantizes to zeros either way.
        var scales = Array.ConvertAll(max, m => m > 0 ? m / Levels : 1f);
        var values = new sbyte[weights.Length];
        for (var o = 0; o < outer; o++)
        {
            for (var c = 0; c < channels; c++)
            {
                var start = ((o * channels) + c) * inner;
                for (var i = 0; i < inner; i++)
                {
                    var q = MathF.Round(weights[start + i] / scales[c], MidpointRounding.ToEven);
                    values[start + i] = (sbyte)Math.Clamp(q, -Levels, Levels);
                }
            }
        }

        return (values, scales);
    }

    /// <summary>A row-major [rows, columns] matrix transposed to [columns, rows].</summary>
    public static float[] Transpose(float[] matrix, int rows, int columns)
    {
        var result = new float[matrix.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                result[(c * rows) + r] = matrix[(r * columns) + c];
            }
        }

        return result;
    }
}
