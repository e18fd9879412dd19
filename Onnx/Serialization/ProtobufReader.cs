using System.Buffers.Binary;
using System.Text;

namespace Aitbc.Orleans.Onnx.Serialization;

/// <summary>
/// Minimal protocol-buffers decoder over a memory block. Length-delimited values come back as slices of the input, so
/// reading a model does not copy its weights. Every length is checked against what is left; malformed input throws
/// <see cref="OnnxFormatException"/>.
/// </summary>
public struct ProtobufReader(ReadOnlyMemory<byte> data)
{
    public const int WireVarint = 0;
    public const int WireFixed64 = 1;
    public const int WireLengthDelimited = 2;
    public const int WireFixed32 = 5;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlyMemory<byte> _data = data;
    private int _position;

    public readonly bool End => _position >= _data.Length;

    public readonly int Position => _position;

    /// <summary>The next field's number and wire type.</summary>
    public (int Field, int Wire) ReadTag()
    {
        var tag = ReadVarint();
        var field = tag >> 3;
        if (field is 0 or > int.MaxValue)
        {
            throw new OnnxFormatException($"invalid field number {field} at byte {_position}");
        }

        return ((int)field, (int)(tag & 7));
    }

    public ulong ReadVarint()
    {
        var span = _data.Span;
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= span.Length)
            {
                throw new OnnxFormatException("truncated varint");
            }

            var b = span[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new OnnxFormatException("varint longer than 10 bytes");
    }

    public long ReadInt64() => unchecked((long)ReadVarint());

    /// <summary>int32 and enum values: sent sign-extended to 64 bits, read back truncated as protobuf does.</summary>
    public int ReadInt32() => unchecked((int)ReadVarint());

    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(Advance(4).Span);

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Advance(8).Span);

    public ReadOnlyMemory<byte> ReadBytes()
    {
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
        {
            throw new OnnxFormatException($"length {length} runs past the end ({_data.Length - _position} bytes left)");
        }

        return Advance((int)length);
    }

    /// <summary>A string field. onnx.proto's strings (and string attributes) are UTF-8; anything else is malformed.</summary>
    public string ReadString()
    {
        var bytes = ReadBytes();
        try
        {
            return StrictUtf8.GetString(bytes.Span);
        }
        catch (DecoderFallbackException ex)
        {
            throw new OnnxFormatException("a string field is not valid UTF-8", ex);
        }
    }

    /// <summary>Skips the current field's value; returns the whole field (tag included) given where its tag started.</summary>
    public ReadOnlyMemory<byte> SkipField(int tagStart, int wire)
    {
        switch (wire)
        {
            case WireVarint:
                ReadVarint();
                break;
            case WireFixed64:
                Advance(8);
                break;
            case WireLengthDelimited:
                ReadBytes();
                break;
            case WireFixed32:
                Advance(4);
                break;
            default:
                throw new OnnxFormatException($"unsupported wire type {wire} (groups are not used by ONNX)");
        }

        return _data[tagStart.._position];
    }

    /// <summary>Appends a repeated float field's values: packed (one length-delimited run) or one value per tag.</summary>
    public void ReadFloats(int wire, List<float> into) =>
        ReadFixed(wire, WireFixed32, 4, into, static bytes => BinaryPrimitives.ReadSingleLittleEndian(bytes));

    public void ReadDoubles(int wire, List<double> into) =>
        ReadFixed(wire, WireFixed64, 8, into, static bytes => BinaryPrimitives.ReadDoubleLittleEndian(bytes));

    /// <summary>Appends a repeated varint field's values (int64, int32, uint64 share the encoding), packed or not.</summary>
    public void ReadVarints(int wire, List<ulong> into)
    {
        if (wire == WireLengthDelimited)
        {
            var packed = new ProtobufReader(ReadBytes());
            while (!packed.End)
            {
                into.Add(packed.ReadVarint());
            }
        }
        else
        {
            Expect(wire, WireVarint);
            into.Add(ReadVarint());
        }
    }

    /// <summary>
    /// Reads the fields of one message in order: <paramref name="handle"/> takes each it knows (and returns true);
    /// the others are kept encoded in <paramref name="unknown"/>, or skipped when it is null.
    /// </summary>
    public static void ReadFields(ReadOnlyMemory<byte> message, FieldHandler handle, List<ReadOnlyMemory<byte>>? unknown = null)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var reader = new ProtobufReader(message);
        while (!reader.End)
        {
            var start = reader.Position;
            var (field, wire) = reader.ReadTag();
            if (!handle(ref reader, field, wire))
            {
                var skipped = reader.SkipField(start, wire);
                unknown?.Add(skipped);
            }
        }
    }

    public static void Expect(int wire, int expected)
    {
        if (wire != expected)
        {
            throw new OnnxFormatException($"wire type {wire} where {expected} was expected");
        }
    }

    private void ReadFixed<T>(int wire, int scalarWire, int width, List<T> into, Func<ReadOnlySpan<byte>, T> decode)
    {
        if (wire != WireLengthDelimited)
        {
            Expect(wire, scalarWire);
            into.Add(decode(Advance(width).Span));
            return;
        }

        var packed = ReadBytes();
        if (packed.Length % width != 0)
        {
            throw new OnnxFormatException($"a packed run of {width}-byte values is {packed.Length} bytes long");
        }

        for (var i = 0; i < packed.Length; i += width)
        {
            into.Add(decode(packed.Span.Slice(i, width)));
        }
    }

    private ReadOnlyMemory<byte> Advance(int bytes)
    {
        if (bytes > _data.Length - _position)
        {
            throw new OnnxFormatException("field runs past the end");
        }

        var slice = _data.Slice(_position, bytes);
        _position += bytes;
        return slice;
    }
}
