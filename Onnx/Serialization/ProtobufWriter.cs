using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Aitbc.Orleans.Onnx.Serialization;

/// <summary>
/// Minimal protocol-buffers encoder: the wire types ONNX needs (varint, 64-bit, length-delimited, 32-bit).
/// Hand-written so building a model needs no protobuf runtime or generated code. Large byte fields (tensor data) are
/// kept as references and nested messages as their segments, so a model's weights are copied once, into the result.
/// </summary>
public sealed class ProtobufWriter
{
    private const int WireVarint = 0;
    private const int WireFixed64 = 1;
    private const int WireLengthDelimited = 2;
    private const int WireFixed32 = 5;

    /// <summary>Byte fields at least this long are referenced, not copied, until the message is assembled.</summary>
    private const int ReferenceThreshold = 4096;

    private readonly List<ReadOnlyMemory<byte>> _segments = [];
    private ArrayBufferWriter<byte> _current = new(256);
    private long _completedLength;

    /// <summary>Encoded length so far, in bytes.</summary>
    public long Length => _completedLength + _current.WrittenCount;

    public byte[] ToArray()
    {
        var result = new byte[checked((int)Length)];
        var offset = 0;
        foreach (var segment in Segments())
        {
            segment.Span.CopyTo(result.AsSpan(offset));
            offset += segment.Length;
        }

        return result;
    }

    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        foreach (var segment in Segments())
        {
            stream.Write(segment.Span);
        }
    }

    public ProtobufWriter WriteInt64(int field, long value)
    {
        WriteTag(field, WireVarint);
        // Negative int64 values are sent as their 64-bit two's complement (10 varint bytes), per the protobuf spec.
        WriteVarint(unchecked((ulong)value));
        return this;
    }

    public ProtobufWriter WriteInt32(int field, int value) => WriteInt64(field, value);

    public ProtobufWriter WriteUInt64(int field, ulong value)
    {
        WriteTag(field, WireVarint);
        WriteVarint(value);
        return this;
    }

    public ProtobufWriter WriteFloat(int field, float value)
    {
        WriteTag(field, WireFixed32);
        WriteFixed(value);
        return this;
    }

    public ProtobufWriter WriteDouble(int field, double value)
    {
        WriteTag(field, WireFixed64);
        WriteFixed(value);
        return this;
    }

    public ProtobufWriter WriteString(int field, string value) => WriteBytes(field, Encoding.UTF8.GetBytes(value));

    public ProtobufWriter WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, WireLengthDelimited);
        WriteVarint((ulong)value.Length);
        _current.Write(value);
        return this;
    }

    /// <summary>A bytes field whose content is referenced rather than copied when it is large; it must not change until the message is assembled.</summary>
    public ProtobufWriter WriteBytes(int field, ReadOnlyMemory<byte> value)
    {
        if (value.Length < ReferenceThreshold)
        {
            return WriteBytes(field, value.Span);
        }

        WriteTag(field, WireLengthDelimited);
        WriteVarint((ulong)value.Length);
        Append(value);
        return this;
    }

    /// <summary>Already-encoded fields (tag and value), written as they are: how unknown fields survive a round trip.</summary>
    public ProtobufWriter WriteRaw(ReadOnlyMemory<byte> encodedFields)
    {
        if (encodedFields.Length < ReferenceThreshold)
        {
            _current.Write(encodedFields.Span);
        }
        else
        {
            Append(encodedFields);
        }

        return this;
    }

    /// <summary>Writes a nested message; the body is encoded first because its length prefixes it.</summary>
    public ProtobufWriter WriteMessage(int field, Action<ProtobufWriter> writeBody)
    {
        ArgumentNullException.ThrowIfNull(writeBody);
        var nested = new ProtobufWriter();
        writeBody(nested);
        WriteTag(field, WireLengthDelimited);
        WriteVarint((ulong)nested.Length);
        foreach (var segment in nested.Segments())
        {
            if (segment.Length < ReferenceThreshold)
            {
                _current.Write(segment.Span);
            }
            else
            {
                Append(segment);
            }
        }

        return this;
    }

    /// <summary>A packed repeated scalar field (onnx.proto declares TensorProto's typed data [packed = true]).</summary>
    public ProtobufWriter WritePackedFloats(int field, IReadOnlyList<float> values) =>
        WritePacked(field, values, static (w, v) => w.WriteFixed(v));

    public ProtobufWriter WritePackedDoubles(int field, IReadOnlyList<double> values) =>
        WritePacked(field, values, static (w, v) => w.WriteFixed(v));

    public ProtobufWriter WritePackedVarints(int field, IReadOnlyList<long> values) =>
        WritePacked(field, values, static (w, v) => w.WriteVarint(unchecked((ulong)v)));

    /// <summary>int32 values are sign-extended to 64 bits on the wire, like int64.</summary>
    public ProtobufWriter WritePackedVarints(int field, IReadOnlyList<int> values) =>
        WritePacked(field, values, static (w, v) => w.WriteVarint(unchecked((ulong)(long)v)));

    public ProtobufWriter WritePackedVarints(int field, IReadOnlyList<ulong> values) =>
        WritePacked(field, values, static (w, v) => w.WriteVarint(v));

    private ProtobufWriter WritePacked<T>(int field, IReadOnlyList<T> values, Action<ProtobufWriter, T> writeOne)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.Count == 0 ? this : WriteMessage(field, w =>
        {
            foreach (var value in values)
            {
                writeOne(w, value);
            }
        });
    }

    private IEnumerable<ReadOnlyMemory<byte>> Segments()
    {
        foreach (var segment in _segments)
        {
            yield return segment;
        }

        if (_current.WrittenCount > 0)
        {
            yield return _current.WrittenMemory;
        }
    }

    private void Append(ReadOnlyMemory<byte> referenced)
    {
        if (_current.WrittenCount > 0)
        {
            _segments.Add(_current.WrittenMemory);
            _completedLength += _current.WrittenCount;
            _current = new ArrayBufferWriter<byte>(256);
        }

        _segments.Add(referenced);
        _completedLength += referenced.Length;
    }

    private void WriteFixed(float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(_current.GetSpan(4), value);
        _current.Advance(4);
    }

    private void WriteFixed(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_current.GetSpan(8), value);
        _current.Advance(8);
    }

    private void WriteTag(int field, int wireType)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(field, 1);
        WriteVarint(((ulong)field << 3) | (uint)wireType);
    }

    private void WriteVarint(ulong value)
    {
        var span = _current.GetSpan(10);
        var written = 0;
        while (value >= 0x80)
        {
            span[written++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[written++] = (byte)value;
        _current.Advance(written);
    }
}
