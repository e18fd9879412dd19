using System.Buffers.Binary;
using Aitbc.Orleans.Models.Variants;
using Aitbc.Orleans.Onnx.Graph;
using Microsoft.ML.OnnxRuntime;

namespace Aitbc.Orleans.Onnx.Quantization;

/// <summary>
/// Runs the original and a variant on the same generated inputs with ONNX Runtime (CPU provider, the same runtime
/// miners use) and measures each output's error. Inputs: floating-point elements drawn from N(0, 1), integers from
/// {0, 1}, bools at random; the first dimension of each input is the batch (dynamic: <see cref="VariantEvaluationOptions.BatchSize"/>
/// rows per Run), other dynamic dimensions get <see cref="VariantEvaluationOptions.OtherDynamicDimension"/>.
/// A float output shaped [batch, classes ≥ 2] counts as a classifier head.
/// </summary>
public static class VariantEvaluator
{
    public static VariantMeasurement Measure(byte[] original, byte[] variant, VariantEvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(variant);
        options ??= new VariantEvaluationOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Samples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        options.ConfigureSession?.Invoke(sessionOptions);
        using var reference = new InferenceSession(original, sessionOptions);
        InferenceSession candidate;
        try
        {
            candidate = new InferenceSession(variant, sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            return VariantMeasurement.Failed($"ONNX Runtime does not load the variant: {ex.Message}");
        }

        using (candidate)
        {
            if (SignatureDifference(reference, candidate) is { } difference)
            {
                return VariantMeasurement.Failed(difference);
            }

            if (Unsupported(reference) is { } unsupported)
            {
                return VariantMeasurement.Failed(unsupported);
            }

            try
            {
                return Run(reference, candidate, options);
            }
            catch (OnnxRuntimeException ex)
            {
                return VariantMeasurement.Failed($"ONNX Runtime failed running the models: {ex.Message}");
            }
        }
    }

    private static VariantMeasurement Run(InferenceSession reference, InferenceSession candidate, VariantEvaluationOptions options)
    {
        var random = new Random(options.Seed);
        var outputs = reference.OutputNames.ToArray();
        var comparisons = outputs.Select(name => new OutputComparison(name, KindOf(reference.OutputMetadata[name]))).ToArray();
        var dynamicBatch = reference.InputNames.Any(n => reference.InputMetadata[n].Dimensions is [< 0, ..]);
        var fixedRows = reference.InputMetadata[reference.InputNames[0]].Dimensions is [> 0 and var first, ..] ? first : 1;
        using var runOptions = new RunOptions();
        var done = 0;
        while (done < options.Samples)
        {
            var rows = dynamicBatch ? Math.Min(options.BatchSize, options.Samples - done) : fixedRows;
            var inputs = reference.InputNames.Select(n => Generate(reference.InputMetadata[n], rows, options, random)).ToArray();
            try
            {
                using var expected = reference.Run(runOptions, reference.InputNames, inputs, outputs);
                using var actual = candidate.Run(runOptions, reference.InputNames, inputs, outputs);
                for (var i = 0; i < outputs.Length; i++)
                {
                    var shape = expected.ElementAt(i).GetTensorTypeAndShape().Shape;
                    comparisons[i].Add(Values(expected.ElementAt(i)), Values(actual.ElementAt(i)), shape);
                }
            }
            finally
            {
                foreach (var input in inputs)
                {
                    input.Dispose();
                }
            }

            done += rows;
        }

        return new VariantMeasurement(comparisons.Select(c => c.Result()).ToArray(), done, null);
    }

    private static VariantOutputKind KindOf(NodeMetadata output)
    {
        var type = (int)output.ElementDataType;
        if (!OnnxDataType.IsFloatingPoint(type))
        {
            return VariantOutputKind.Labels;
        }

        return output.Dimensions is [_, >= 2] ? VariantOutputKind.Classifier : VariantOutputKind.Values;
    }

    private static string? SignatureDifference(InferenceSession reference, InferenceSession candidate)
    {
        foreach (var (kind, expected, actual) in new[]
        {
            ("input", reference.InputMetadata, candidate.InputMetadata),
            ("output", reference.OutputMetadata, candidate.OutputMetadata),
        })
        {
            if (!expected.Keys.Order(StringComparer.Ordinal).SequenceEqual(actual.Keys.Order(StringComparer.Ordinal)))
            {
                return $"The variant's {kind} names differ from the original's.";
            }

            foreach (var (name, meta) in expected)
            {
                var other = actual[name];
                if (meta.IsTensor != other.IsTensor || (meta.IsTensor && (meta.ElementDataType != other.ElementDataType || !meta.Dimensions.SequenceEqual(other.Dimensions))))
                {
                    return $"The variant's {kind} '{name}' has another type or shape than the original's.";
                }
            }
        }

        return null;
    }

    private static string? Unsupported(InferenceSession session)
    {
        foreach (var (kind, metadata) in new[] { ("input", session.InputMetadata), ("output", session.OutputMetadata) })
        {
            foreach (var (name, meta) in metadata)
            {
                if (!meta.IsTensor || !IsMeasurable((int)meta.ElementDataType))
                {
                    return $"The model's {kind} '{name}' is not a numeric tensor; variants of it cannot be measured.";
                }
            }
        }

        return null;
    }

    private static bool IsMeasurable(int type) =>
        OnnxDataType.IsFloatingPoint(type) || type is OnnxDataType.Bool or OnnxDataType.Int8 or OnnxDataType.UInt8 or OnnxDataType.Int16
            or OnnxDataType.UInt16 or OnnxDataType.Int32 or OnnxDataType.UInt32 or OnnxDataType.Int64 or OnnxDataType.UInt64;

    private static OrtValue Generate(NodeMetadata input, int rows, VariantEvaluationOptions options, Random random)
    {
        var shape = input.Dimensions.Select((d, i) => d >= 0 ? d : i == 0 ? rows : (long)options.OtherDynamicDimension).ToArray();
        var value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, input.ElementDataType, shape);
        var bytes = value.GetTensorMutableRawData();
        var type = (int)input.ElementDataType;
        var width = OnnxDataType.BitsPerElement(type)!.Value / 8;
        for (var offset = 0; offset < bytes.Length; offset += width)
        {
            var element = bytes.Slice(offset, width);
            switch (type)
            {
                case OnnxDataType.Float:
                    BinaryPrimitives.WriteSingleLittleEndian(element, (float)Normal(random));
                    break;
                case OnnxDataType.Float16:
                    BinaryPrimitives.WriteHalfLittleEndian(element, (Half)Normal(random));
                    break;
                case OnnxDataType.BFloat16:
                    // bfloat16 is the upper half of a float32.
                    BinaryPrimitives.WriteUInt16LittleEndian(element, (ushort)(BitConverter.SingleToUInt32Bits((float)Normal(random)) >> 16));
                    break;
                case OnnxDataType.Double:
                    BinaryPrimitives.WriteDoubleLittleEndian(element, Normal(random));
                    break;
                default:
                    // Integers and bools: 0 or 1 (valid as a mask, a class id or an index into anything non-empty).
                    element.Clear();
                    element[0] = (byte)random.Next(2);
                    break;
            }
        }

        return value;
    }

    private static double[] Values(OrtValue value)
    {
        var type = (int)value.GetTensorTypeAndShape().ElementDataType;
        var bytes = value.GetTensorMutableRawData();
        var width = OnnxDataType.BitsPerElement(type)!.Value / 8;
        var result = new double[bytes.Length / width];
        for (var i = 0; i < result.Length; i++)
        {
            var e = bytes.Slice(i * width, width);
            result[i] = type switch
            {
                OnnxDataType.Float => BinaryPrimitives.ReadSingleLittleEndian(e),
                OnnxDataType.Float16 => (double)BinaryPrimitives.ReadHalfLittleEndian(e),
                OnnxDataType.BFloat16 => BitConverter.UInt32BitsToSingle((uint)BinaryPrimitives.ReadUInt16LittleEndian(e) << 16),
                OnnxDataType.Double => BinaryPrimitives.ReadDoubleLittleEndian(e),
                OnnxDataType.Int8 => (sbyte)e[0],
                OnnxDataType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(e),
                OnnxDataType.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(e),
                OnnxDataType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(e),
                OnnxDataType.UInt32 => BinaryPrimitives.ReadUInt32LittleEndian(e),
                OnnxDataType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(e),
                OnnxDataType.UInt64 => BinaryPrimitives.ReadUInt64LittleEndian(e),
                _ => e[0],
            };
        }

        return result;
    }

    /// <summary>A standard normal sample (Box–Muller).</summary>
    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
