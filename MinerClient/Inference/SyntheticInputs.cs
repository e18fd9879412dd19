using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Miner.Inference;

/// <summary>Random inputs matching a signature, for benchmarks and self-tests. Dynamic dims: first = batch, others = 1.</summary>
public static class SyntheticInputs
{
    public static Dictionary<string, TensorData> For(ModelSignature signature, int batchSize, Random random)
    {
        var inputs = new Dictionary<string, TensorData>(StringComparer.Ordinal);
        foreach (var spec in signature.Inputs)
        {
            var batchUsed = false;
            var shape = spec.Shape.Select(d =>
            {
                if (d >= 0)
                {
                    return d;
                }

                var size = batchUsed ? 1 : batchSize;
                batchUsed = true;
                return size;
            }).ToArray();
            inputs[spec.Name] = Random(spec.ElementType, shape, random);
        }

        return inputs;
    }

    public static TensorData Random(TensorElementType type, long[] shape, Random random)
    {
        TensorData.TryGetElementCount(shape, out var count);
        var n = checked((int)count);
        return type switch
        {
            TensorElementType.Float32 => TensorData.FromFloats(Fill(n, _ => (random.NextSingle() * 2f) - 1f), shape),
            TensorElementType.Float16 => TensorData.FromHalves(Fill(n, _ => (Half)((random.NextSingle() * 2f) - 1f)), shape),
            TensorElementType.Float64 => TensorData.FromDoubles(Fill(n, _ => (random.NextDouble() * 2) - 1), shape),
            TensorElementType.Int64 => TensorData.FromInt64s(Fill(n, _ => (long)random.Next(0, 10)), shape),
            TensorElementType.Int32 => TensorData.FromInt32s(Fill(n, _ => random.Next(0, 10)), shape),
            TensorElementType.Int8 => TensorData.FromSBytes(Fill(n, _ => (sbyte)random.Next(-10, 10)), shape),
            TensorElementType.UInt8 => TensorData.FromBytes(Fill(n, _ => (byte)random.Next(0, 256)), shape),
            TensorElementType.Bool => TensorData.FromBools(Fill(n, _ => random.Next(2) == 1), shape),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unsupported element type."),
        };
    }

    private static T[] Fill<T>(int count, Func<int, T> value)
    {
        var values = new T[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = value(i);
        }

        return values;
    }
}
