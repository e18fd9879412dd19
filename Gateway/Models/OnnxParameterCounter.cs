namespace Aitbc.Orleans.Gateway.Models;

/// <summary>
/// Counts a model's parameters: the elements of every initializer in the main graph, read straight from the
/// protobuf (ModelProto.graph = field 7, GraphProto.initializer = field 5, TensorProto.dims = field 1). ONNX
/// Runtime does not expose initializers, and a full protobuf library is not needed for three fields.
/// </summary>
public static class OnnxParameterCounter
{
    private const int ModelGraph = 7;
    private const int GraphInitializer = 5;
    private const int TensorDims = 1;

    /// <summary>The parameter count, or null when the bytes are not the protobuf this expects.</summary>
    public static long? Count(ReadOnlySpan<byte> model)
    {
        try
        {
            var graph = FindField(model, ModelGraph);
            if (graph is null)
            {
                return null;
            }

            long total = 0;
            var reader = new Reader(model.Slice(graph.Value.Start, graph.Value.Length));
            while (!reader.End)
            {
                var (field, wire) = reader.Tag();
                if (field == GraphInitializer && wire == 2)
                {
                    var (start, length) = reader.LengthDelimited();
                    total = checked(total + Elements(model.Slice(graph.Value.Start + start, length)));
                }
                else
                {
                    reader.Skip(wire);
                }
            }

            return total;
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static (int Start, int Length)? FindField(ReadOnlySpan<byte> message, int wanted)
    {
        var reader = new Reader(message);
        while (!reader.End)
        {
            var (field, wire) = reader.Tag();
            if (field == wanted && wire == 2)
            {
                return reader.LengthDelimited();
            }

            reader.Skip(wire);
        }

        return null;
    }

    private static long Elements(ReadOnlySpan<byte> tensor)
    {
        long count = 1;
        var reader = new Reader(tensor);
        while (!reader.End)
        {
            var (field, wire) = reader.Tag();
            if (field == TensorDims && wire == 0)
            {
                count = checked(count * (long)reader.Varint());
            }
            else if (field == TensorDims && wire == 2)
            {
                var (start, length) = reader.LengthDelimited();
                var packed = new Reader(tensor.Slice(start, length));
                while (!packed.End)
                {
                    count = checked(count * (long)packed.Varint());
                }
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return count;
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public readonly bool End => _position >= _data.Length;

        public (int Field, int Wire) Tag()
        {
            var tag = Varint();
            return ((int)(tag >> 3), (int)(tag & 7));
        }

        public ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (_position >= _data.Length)
                {
                    throw new FormatException("truncated varint");
                }

                var b = _data[_position++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }

            throw new FormatException("varint too long");
        }

        public (int Start, int Length) LengthDelimited()
        {
            var length = Varint();
            if (length > (ulong)(_data.Length - _position))
            {
                throw new FormatException("length past the end");
            }

            var start = _position;
            _position += (int)length;
            return (start, (int)length);
        }

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0:
                    Varint();
                    break;
                case 1:
                    Advance(8);
                    break;
                case 2:
                    LengthDelimited();
                    break;
                case 5:
                    Advance(4);
                    break;
                default:
                    throw new FormatException($"unsupported wire type {wire}");
            }
        }

        private void Advance(int bytes)
        {
            if (_position + bytes > _data.Length)
            {
                throw new FormatException("field past the end");
            }

            _position += bytes;
        }
    }
}
