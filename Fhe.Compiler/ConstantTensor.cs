using System.Buffers.Binary;
using Aitbc.Orleans.Onnx.Graph;

namespace Aitbc.Orleans.Fhe.Compiler;

/// <summary>A constant of the model (an initializer or a Constant node's value) read as doubles, with its dimensions.</summary>
internal sealed record ConstantTensor(IReadOnlyList<long> Dims, double[] Values)
{
    /// <summary>Constants larger than this are refused before they are read (a dense layer is at most slots × slots).</summary>
    public const long MaxElements = 4096L * 4096;

    /// <summary>The values of a float16, float32, float64, int32 or int64 tensor; null with a reason for anything else.</summary>
    public static ConstantTensor Read(OnnxTensor tensor, out string? problem)
    {
        problem = null;
        if (tensor.IsExternal)
        {
            problem = $"constant '{tensor.Name}' keeps its data in an external file; upload a model with the weights inside";
            return Empty;
        }

        long count;
        try
        {
            count = tensor.ElementCount;
        }
        catch (OverflowException)
        {
            count = long.MaxValue;
        }

        if (tensor.Dims.Any(d => d < 0) || count > MaxElements)
        {
            problem = $"constant '{tensor.Name}' has dimensions [{string.Join(", ", tensor.Dims)}], more than the {MaxElements} values a plan can hold";
            return Empty;
        }

        try
        {
            var values = tensor.DataType switch
            {
                OnnxDataType.Float or OnnxDataType.Float16 => Array.ConvertAll(tensor.ToFloats(), f => (double)f),
                OnnxDataType.Double => Read(tensor, (int)count, 8, tensor.DoubleData, BinaryPrimitives.ReadDoubleLittleEndian),
                OnnxDataType.Int64 => Read(tensor, (int)count, 8, tensor.Int64Data.Select(v => (double)v).ToList(), b => BinaryPrimitives.ReadInt64LittleEndian(b)),
                OnnxDataType.Int32 => Read(tensor, (int)count, 4, tensor.Int32Data.Select(v => (double)v).ToList(), b => BinaryPrimitives.ReadInt32LittleEndian(b)),
                _ => null,
            };
            if (values is null)
            {
                problem = $"constant '{tensor.Name}' has ONNX data type {tensor.DataType}; weights must be float16, float32 or float64";
                return Empty;
            }

            if (values.Any(v => !double.IsFinite(v)))
            {
                problem = $"constant '{tensor.Name}' holds a NaN or infinite value";
                return Empty;
            }

            return new ConstantTensor(tensor.Dims, values);
        }
        catch (Exception ex) when (ex is InvalidDataException or NotSupportedException)
        {
            problem = $"constant '{tensor.Name}' cannot be read: {ex.Message}";
            return Empty;
        }
    }

    private static readonly ConstantTensor Empty = new([], []);

    public int Rank => Dims.Count;

    /// <summary>The single value of a scalar or one-element tensor, or null.</summary>
    public double? Scalar => Values.Length == 1 ? Values[0] : null;

    private static double[] Read(OnnxTensor tensor, int count, int width, IReadOnlyList<double> typed, Func<ReadOnlySpan<byte>, double> read)
    {
        if (tensor.RawData is { } raw)
        {
            if (raw.Length != (long)count * width)
            {
                throw new InvalidDataException($"it holds {raw.Length} bytes where its shape needs {(long)count * width}");
            }

            var values = new double[count];
            for (var i = 0; i < count; i++)
            {
                values[i] = read(raw.Span.Slice(i * width, width));
            }

            return values;
        }

        if (typed.Count != count)
        {
            throw new InvalidDataException($"it holds {typed.Count} values where its shape needs {count}");
        }

        return [.. typed];
    }
}
