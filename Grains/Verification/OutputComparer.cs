using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Verification;

/// <summary>
/// Whether two runs of a job gave the same answer, with a tolerance that fits each output's precision: fp32 and fp64
/// by relative L2 distance (‖a − b‖ / max(‖a‖, ‖b‖)) at most 1e-4, fp16 at most 1e-2 (different GPUs and kernels round
/// differently), int8/uint8 by top-1 agreement along the last axis (quantised scores tie and shift by one step), other
/// integers and booleans exactly. NaN or infinity in either run is a mismatch: an honest run of a finite model never
/// disagrees on that.
/// </summary>
public static class OutputComparer
{
    public static string? Mismatch(
        IReadOnlyDictionary<string, TensorData> a, IReadOnlyDictionary<string, TensorData> b, double fp32Tolerance = 1e-4, double fp16Tolerance = 1e-2)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count || a.Keys.Any(k => !b.ContainsKey(k)))
        {
            return $"outputs differ in names: [{string.Join(',', a.Keys.Order())}] vs [{string.Join(',', b.Keys.Order())}]";
        }

        foreach (var (name, left) in a.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (Mismatch(left, b[name], fp32Tolerance, fp16Tolerance) is { } problem)
            {
                return $"{name}: {problem}";
            }
        }

        return null;
    }

    public static string? Mismatch(TensorData a, TensorData b, double fp32Tolerance = 1e-4, double fp16Tolerance = 1e-2)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.ElementType != b.ElementType)
        {
            return $"types differ: {a.ElementType} vs {b.ElementType}";
        }

        if (!a.Shape.AsSpan().SequenceEqual(b.Shape))
        {
            return $"shapes differ: {TensorData.FormatShape(a.Shape)} vs {TensorData.FormatShape(b.Shape)}";
        }

        return a.ElementType switch
        {
            TensorElementType.Float32 => RelativeL2(Array.ConvertAll(a.ToFloats(), v => (double)v), Array.ConvertAll(b.ToFloats(), v => (double)v), fp32Tolerance),
            TensorElementType.Float64 => RelativeL2(a.ToDoubles(), b.ToDoubles(), fp32Tolerance),
            TensorElementType.Float16 => RelativeL2(Array.ConvertAll(a.ToHalves(), v => (double)v), Array.ConvertAll(b.ToHalves(), v => (double)v), fp16Tolerance),
            TensorElementType.Int8 => Top1(Array.ConvertAll(a.ToSBytes(), v => (int)v), Array.ConvertAll(b.ToSBytes(), v => (int)v), a.Shape),
            TensorElementType.UInt8 => Top1(Array.ConvertAll(a.ToBytes(), v => (int)v), Array.ConvertAll(b.ToBytes(), v => (int)v), a.Shape),
            _ => a.Data.AsSpan().SequenceEqual(b.Data) ? null : $"{a.ElementType} values differ",
        };
    }

    /// <summary>‖a − b‖₂ / max(‖a‖₂, ‖b‖₂); two all-zero tensors agree.</summary>
    public static double RelativeL2Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double diff = 0, normA = 0, normB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = a[i] - b[i];
            diff += d * d;
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }

        var scale = Math.Sqrt(Math.Max(normA, normB));
        return scale == 0 ? 0 : Math.Sqrt(diff) / scale;
    }

    private static string? RelativeL2(double[] a, double[] b, double tolerance)
    {
        if (a.Any(v => !double.IsFinite(v)) || b.Any(v => !double.IsFinite(v)))
        {
            return "a value is NaN or infinite";
        }

        var distance = RelativeL2Distance(a, b);
        return distance <= tolerance ? null : $"relative L2 distance {distance:G3} over {tolerance:G3}";
    }

    /// <summary>The index of the largest value in each row (the last axis) must be the same in both runs.</summary>
    private static string? Top1(int[] a, int[] b, long[] shape)
    {
        var row = shape.Length == 0 ? 1 : (int)Math.Max(1, shape[^1]);
        for (var start = 0; start + row <= a.Length; start += row)
        {
            if (ArgMax(a.AsSpan(start, row)) != ArgMax(b.AsSpan(start, row)))
            {
                return $"top-1 differs in row {start / row}";
            }
        }

        return null;
    }

    private static int ArgMax(ReadOnlySpan<int> row)
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
