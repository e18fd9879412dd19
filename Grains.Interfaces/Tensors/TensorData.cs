using System.Runtime.InteropServices;

namespace Aitbc.Orleans.Tensors;

/// <summary>
/// A dense tensor as it travels between gateway, grains and miners: element type, shape and the raw little-endian
/// element bytes. Raw bytes keep the wire format compact (no per-element framing) and map 1:1 onto ONNX Runtime
/// buffers. Instances are treated as immutable; the arrays must not be mutated after construction.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("aitbc.TensorData")]
public sealed record TensorData(
    [property: Id(0)] TensorElementType ElementType,
    [property: Id(1)] long[] Shape,
    [property: Id(2)] byte[] Data)
{
    /// <summary>Default cap on elements per tensor (64 Mi elements, 256 MiB of float32).</summary>
    public const long DefaultMaxElements = 64L * 1024 * 1024;

    /// <summary>Product of the dimensions, or -1 when a dimension is negative or the product overflows.</summary>
    public long ElementCount => TryGetElementCount(Shape, out var count) ? count : -1;

    public int Rank => Shape.Length;

    public static bool TryGetElementCount(ReadOnlySpan<long> shape, out long count)
    {
        count = 1;
        foreach (var dim in shape)
        {
            if (dim < 0)
            {
                count = -1;
                return false;
            }

            try
            {
                count = checked(count * dim);
            }
            catch (OverflowException)
            {
                count = -1;
                return false;
            }
        }

        return true;
    }

    /// <summary>Checks that the tensor is well formed. Returns a human-readable reason, or null when valid.</summary>
    public string? Validate(long maxElements = DefaultMaxElements)
    {
        if (Shape is null || Data is null)
        {
            return "Tensor has no shape or no data.";
        }

        if (!ElementType.IsDefined())
        {
            return $"Unknown element type {(int)ElementType}.";
        }

        for (var i = 0; i < Shape.Length; i++)
        {
            if (Shape[i] < 0)
            {
                return $"Dimension {i} is negative ({Shape[i]}) in shape {FormatShape(Shape)}.";
            }
        }

        if (!TryGetElementCount(Shape, out var count))
        {
            return $"Element count of shape {FormatShape(Shape)} overflows.";
        }

        if (count > maxElements)
        {
            return $"Tensor has {count} elements, more than the limit of {maxElements}.";
        }

        var expectedBytes = count * ElementType.SizeInBytes();
        if (Data.LongLength != expectedBytes)
        {
            return $"Data is {Data.LongLength} bytes but {ElementType}{FormatShape(Shape)} needs {expectedBytes}.";
        }

        return FindNonFinite();
    }

    private string? FindNonFinite()
    {
        var index = ElementType switch
        {
            TensorElementType.Float32 => IndexOfNonFinite(MemoryMarshal.Cast<byte, float>(Data)),
            TensorElementType.Float16 => IndexOfNonFinite(MemoryMarshal.Cast<byte, Half>(Data)),
            TensorElementType.Float64 => IndexOfNonFinite(MemoryMarshal.Cast<byte, double>(Data)),
            _ => -1,
        };
        return index < 0 ? null : $"Element {index} is NaN or infinite.";
    }

    private static int IndexOfNonFinite<T>(ReadOnlySpan<T> values)
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    public static TensorData FromFloats(ReadOnlySpan<float> values, params long[] shape) =>
        FromSpan(TensorElementType.Float32, values, shape);

    public static TensorData FromHalves(ReadOnlySpan<Half> values, params long[] shape) =>
        FromSpan(TensorElementType.Float16, values, shape);

    public static TensorData FromDoubles(ReadOnlySpan<double> values, params long[] shape) =>
        FromSpan(TensorElementType.Float64, values, shape);

    public static TensorData FromInt64s(ReadOnlySpan<long> values, params long[] shape) =>
        FromSpan(TensorElementType.Int64, values, shape);

    public static TensorData FromInt32s(ReadOnlySpan<int> values, params long[] shape) =>
        FromSpan(TensorElementType.Int32, values, shape);

    public static TensorData FromSBytes(ReadOnlySpan<sbyte> values, params long[] shape) =>
        FromSpan(TensorElementType.Int8, values, shape);

    public static TensorData FromBytes(ReadOnlySpan<byte> values, params long[] shape) =>
        FromSpan(TensorElementType.UInt8, values, shape);

    public static TensorData FromBools(ReadOnlySpan<bool> values, params long[] shape)
    {
        // ONNX stores bool as one byte per element, 0 or 1; normalise in case a caller hands odd bool bit patterns.
        var data = new byte[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            data[i] = values[i] ? (byte)1 : (byte)0;
        }

        return new TensorData(TensorElementType.Bool, CopyShape(shape, values.Length), data);
    }

    public float[] ToFloats() => ToArray<float>(TensorElementType.Float32);

    public Half[] ToHalves() => ToArray<Half>(TensorElementType.Float16);

    public double[] ToDoubles() => ToArray<double>(TensorElementType.Float64);

    public long[] ToInt64s() => ToArray<long>(TensorElementType.Int64);

    public int[] ToInt32s() => ToArray<int>(TensorElementType.Int32);

    public sbyte[] ToSBytes() => ToArray<sbyte>(TensorElementType.Int8);

    public byte[] ToBytes() => ToArray<byte>(TensorElementType.UInt8);

    public bool[] ToBools()
    {
        RequireType(TensorElementType.Bool);
        var result = new bool[Data.Length];
        for (var i = 0; i < Data.Length; i++)
        {
            result[i] = Data[i] != 0;
        }

        return result;
    }

    /// <summary>Float32 view of any floating-point tensor, widening/narrowing as needed (handy for comparisons).</summary>
    public float[] ToFloatsConverted() => ElementType switch
    {
        TensorElementType.Float32 => ToFloats(),
        TensorElementType.Float16 => Array.ConvertAll(ToHalves(), h => (float)h),
        TensorElementType.Float64 => Array.ConvertAll(ToDoubles(), d => (float)d),
        _ => throw new InvalidOperationException($"Tensor is {ElementType}, not a floating-point type."),
    };

    public bool Equals(TensorData? other) =>
        other is not null
        && ElementType == other.ElementType
        && Shape.AsSpan().SequenceEqual(other.Shape)
        && Data.AsSpan().SequenceEqual(other.Data);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(ElementType);
        foreach (var dim in Shape)
        {
            hash.Add(dim);
        }

        hash.AddBytes(Data.AsSpan(0, Math.Min(Data.Length, 64)));
        return hash.ToHashCode();
    }

    public override string ToString() => $"{ElementType}{FormatShape(Shape)} ({Data.Length} bytes)";

    public static string FormatShape(IEnumerable<long> shape) => "[" + string.Join(',', shape) + "]";

    private static TensorData FromSpan<T>(TensorElementType type, ReadOnlySpan<T> values, long[] shape)
        where T : unmanaged
    {
        var data = MemoryMarshal.AsBytes(values).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            ReverseElementBytes(data, type.SizeInBytes());
        }

        return new TensorData(type, CopyShape(shape, values.Length), data);
    }

    private T[] ToArray<T>(TensorElementType expected)
        where T : unmanaged
    {
        RequireType(expected);
        if (BitConverter.IsLittleEndian)
        {
            return MemoryMarshal.Cast<byte, T>(Data).ToArray();
        }

        var copy = (byte[])Data.Clone();
        ReverseElementBytes(copy, expected.SizeInBytes());
        return MemoryMarshal.Cast<byte, T>(copy).ToArray();
    }

    private void RequireType(TensorElementType expected)
    {
        if (ElementType != expected)
        {
            throw new InvalidOperationException($"Tensor is {ElementType}, not {expected}.");
        }

        if (Data.Length % expected.SizeInBytes() != 0)
        {
            throw new InvalidOperationException($"Data length {Data.Length} is not a multiple of the {expected} size.");
        }
    }

    private static long[] CopyShape(long[] shape, int elementCount)
    {
        // An omitted shape means a flat vector, which keeps small call sites short.
        if (shape.Length == 0 && elementCount != 1)
        {
            return [elementCount];
        }

        return (long[])shape.Clone();
    }

    private static void ReverseElementBytes(byte[] data, int width)
    {
        if (width == 1)
        {
            return;
        }

        for (var offset = 0; offset + width <= data.Length; offset += width)
        {
            data.AsSpan(offset, width).Reverse();
        }
    }
}
