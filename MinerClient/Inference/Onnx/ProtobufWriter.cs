using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Aitbc.Orleans.Miner.Inference.Onnx;

/// <summary>
/// Minimal protocol-buffers encoder: just the wire types ONNX needs (varint, 32-bit, length-delimited).
/// Hand-written so building a model needs no protobuf runtime or generated code.
/// </summary>
public sealed class ProtobufWriter
{
    private const int WireVarint = 0;
    private const int WireFixed32 = 5;
    private const int WireLengthDelimited = 2;

    private readonly ArrayBufferWriter<byte> _buffer = new();

    public int Length => _buffer.WrittenCount;

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public ProtobufWriter WriteInt64(int field, long value)
    {
        WriteTag(field, WireVarint);
        // Negative int64 values are sent as their 64-bit two's complement (10 varint bytes), per the protobuf spec.
        WriteVarint(unchecked((ulong)value));
        return this;
    }

    public ProtobufWriter WriteInt32(int field, int value) => WriteInt64(field, value);

    public ProtobufWriter WriteFloat(int field, float value)
    {
        WriteTag(field, WireFixed32);
        var span = _buffer.GetSpan(4);
        BinaryPrimitives.WriteSingleLittleEndian(span, value);
        _buffer.Advance(4);
        return this;
    }

    public ProtobufWriter WriteString(int field, string value) => WriteBytes(field, Encoding.UTF8.GetBytes(value));

    public ProtobufWriter WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, WireLengthDelimited);
        WriteVarint((ulong)value.Length);
        _buffer.Write(value);
        return this;
    }

    /// <summary>Writes a nested message; the body is encoded first because its length prefixes it.</summary>
    public ProtobufWriter WriteMessage(int field, Action<ProtobufWriter> writeBody)
    {
        var nested = new ProtobufWriter();
        writeBody(nested);
        return WriteBytes(field, nested._buffer.WrittenSpan);
    }

    private void WriteTag(int field, int wireType)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(field, 1);
        WriteVarint(((ulong)field << 3) | (uint)wireType);
    }

    private void WriteVarint(ulong value)
    {
        var span = _buffer.GetSpan(10);
        var written = 0;
        while (value >= 0x80)
        {
            span[written++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[written++] = (byte)value;
        _buffer.Advance(written);
    }
}
