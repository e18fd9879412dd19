using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Aitbc.Orleans.Onnx.Graph;

/// <summary>
/// A TensorProto: an initializer, a Constant's value or a tensor attribute. Values live in <see cref="RawData"/>
/// (little-endian, what every writer here produces) or in one of the typed lists, as onnx.proto allows.
/// Raw data read from a model is a slice of the model's bytes, not a copy.
/// </summary>
public sealed record OnnxTensor
{
    public string? Name { get; init; }

    /// <summary>An <see cref="OnnxDataType"/> number.</summary>
    public int DataType { get; init; }

    public IReadOnlyList<long> Dims { get; init; } = [];

    public OnnxTensorSegment? Segment { get; init; }

    public IReadOnlyList<float> FloatData { get; init; } = [];

    /// <summary>int32 values, and also the bit patterns of int8/uint8/int16/uint16/bool/float16/bfloat16 elements.</summary>
    public IReadOnlyList<int> Int32Data { get; init; } = [];

    public IReadOnlyList<ReadOnlyMemory<byte>> StringData { get; init; } = [];

    public IReadOnlyList<long> Int64Data { get; init; } = [];

    public string? DocString { get; init; }

    /// <summary>Null when the raw_data field is absent (an empty one is present and empty).</summary>
    public ReadOnlyMemory<byte>? RawData { get; init; }

    public IReadOnlyList<OnnxStringEntry> ExternalData { get; init; } = [];

    /// <summary>TensorProto.DataLocation: 0 default (in this proto), 1 external (see <see cref="ExternalData"/>).</summary>
    public int? DataLocation { get; init; }

    public IReadOnlyList<double> DoubleData { get; init; } = [];

    public IReadOnlyList<ulong> UInt64Data { get; init; } = [];

    public IReadOnlyList<OnnxStringEntry> MetadataProps { get; init; } = [];

    public IReadOnlyList<ReadOnlyMemory<byte>> UnknownFields { get; init; } = [];

    public bool IsExternal => DataLocation == 1;

    /// <summary>Product of the dimensions (1 for a scalar).</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (var dim in Dims)
            {
                count = checked(count * dim);
            }

            return count;
        }
    }

    /// <summary>Bytes the elements take at their type's width (what weights cost on disk and in memory), null for strings.</summary>
    public long? ElementBytes => OnnxDataType.BitsPerElement(DataType) is { } bits ? checked((ElementCount * bits) + 7) / 8 : null;

    public static OnnxTensor FromFloats(string name, ReadOnlySpan<float> values, params long[] dims) =>
        FromRaw(name, OnnxDataType.Float, MemoryMarshal.AsBytes(values).ToArray(), dims);

    public static OnnxTensor FromHalves(string name, ReadOnlySpan<Half> values, params long[] dims) =>
        FromRaw(name, OnnxDataType.Float16, MemoryMarshal.AsBytes(values).ToArray(), dims);

    public static OnnxTensor FromSBytes(string name, ReadOnlySpan<sbyte> values, params long[] dims) =>
        FromRaw(name, OnnxDataType.Int8, MemoryMarshal.AsBytes(values).ToArray(), dims);

    public static OnnxTensor FromInt64s(string name, ReadOnlySpan<long> values, params long[] dims) =>
        FromRaw(name, OnnxDataType.Int64, MemoryMarshal.AsBytes(values).ToArray(), dims);

    /// <summary>A tensor whose little-endian element bytes are <paramref name="raw"/> (not copied).</summary>
    public static OnnxTensor FromRaw(string name, int dataType, ReadOnlyMemory<byte> raw, params long[] dims)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw_data is little-endian; big-endian hosts are not supported.");
        }

        return new OnnxTensor { Name = name, DataType = dataType, Dims = dims, RawData = raw };
    }

    /// <summary>The values of a float32 or float16 tensor as float32, from raw data or the typed list.</summary>
    public float[] ToFloats()
    {
        if (IsExternal)
        {
            throw new NotSupportedException($"Tensor '{Name}' keeps its data in an external file.");
        }

        var count = checked((int)ElementCount);
        var result = new float[count];
        switch (DataType)
        {
            case OnnxDataType.Float when RawData is { } raw:
                RequireLength(raw.Length, count * 4);
                for (var i = 0; i < count; i++)
                {
                    result[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.Span[(i * 4)..]);
                }

                break;
            case OnnxDataType.Float:
                RequireLength(FloatData.Count, count);
                for (var i = 0; i < count; i++)
                {
                    result[i] = FloatData[i];
                }

                break;
            case OnnxDataType.Float16 when RawData is { } raw:
                RequireLength(raw.Length, count * 2);
                for (var i = 0; i < count; i++)
                {
                    result[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(raw.Span[(i * 2)..]);
                }

                break;
            case OnnxDataType.Float16:
                // float16 in int32_data: each element's 16 bits in the low half of an int32.
                RequireLength(Int32Data.Count, count);
                for (var i = 0; i < count; i++)
                {
                    result[i] = (float)BitConverter.UInt16BitsToHalf(unchecked((ushort)Int32Data[i]));
                }

                break;
            default:
                throw new NotSupportedException($"Tensor '{Name}' has data type {DataType}, not float32 or float16.");
        }

        return result;
    }

    private void RequireLength(int actual, int expected)
    {
        if (actual != expected)
        {
            throw new InvalidDataException($"Tensor '{Name}' holds {actual} values or bytes where its shape needs {expected}.");
        }
    }
}
