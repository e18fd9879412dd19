using System.Text.Json;
using Aitbc.Orleans.Gateway.Contracts;
using Aitbc.Orleans.Gateway.Validation;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Gateway.Tensors;

/// <summary>
/// Tensors between the JSON form ({type, shape, data}) and <see cref="TensorData"/>. Reading checks the shape (rank,
/// non-negative dimensions, element count under the cap) before it allocates anything, then that data has exactly
/// that many elements, each a finite number in range of the element type.
/// </summary>
public static class TensorJson
{
    public static TensorData? Read(string field, TensorBody? body, TensorLimits limits, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(errors);
        if (body is null)
        {
            errors.Add(field, "must be a tensor object {type, shape, data}");
            return null;
        }

        var typeKnown = TensorTypeNames.TryParse(body.Type, out var type);
        if (!typeKnown)
        {
            errors.Add($"{field}.type", body.Type is null
                ? $"is required; one of: {TensorTypeNames.Supported}"
                : $"'{FieldRules.Truncate(body.Type)}' is not one of: {TensorTypeNames.Supported}");
        }

        var count = ElementCount($"{field}.shape", body.Shape, limits, errors);
        if (body.Data is not { ValueKind: JsonValueKind.Array } data)
        {
            errors.Add($"{field}.data", "is required and must be an array of numbers (true/false for bool)");
            return null;
        }

        if (!typeKnown || count is null)
        {
            return null;
        }

        var length = data.GetArrayLength();
        if (length != count)
        {
            errors.Add($"{field}.data", $"has {length} elements but shape {TensorData.FormatShape(body.Shape!)} needs {count}");
            return null;
        }

        var shape = body.Shape!;
        var dataField = $"{field}.data";
        return type switch
        {
            TensorElementType.Float32 => Fill(data, dataField, errors, "a finite float32 number", ReadFloat32) is { } v ? TensorData.FromFloats(v, shape) : null,
            TensorElementType.Float16 => Fill(data, dataField, errors, "a finite float16 number (|x| <= 65504)", ReadFloat16) is { } v ? TensorData.FromHalves(v, shape) : null,
            TensorElementType.Float64 => Fill(data, dataField, errors, "a finite number", ReadFloat64) is { } v ? TensorData.FromDoubles(v, shape) : null,
            TensorElementType.Int64 => Fill(data, dataField, errors, "an int64 integer", ReadInt64) is { } v ? TensorData.FromInt64s(v, shape) : null,
            TensorElementType.Int32 => Fill(data, dataField, errors, "an int32 integer", ReadInt32) is { } v ? TensorData.FromInt32s(v, shape) : null,
            TensorElementType.Int8 => Fill(data, dataField, errors, "an integer from -128 to 127", ReadInt8) is { } v ? TensorData.FromSBytes(v, shape) : null,
            TensorElementType.UInt8 => Fill(data, dataField, errors, "an integer from 0 to 255", ReadUInt8) is { } v ? TensorData.FromBytes(v, shape) : null,
            TensorElementType.Bool => Fill(data, dataField, errors, "true or false (or 0/1)", ReadBool) is { } v ? TensorData.FromBools(v, shape) : null,
            _ => null,
        };
    }

    /// <summary>Checks rank and dimensions; returns the element count, or null after adding the error.</summary>
    public static long? ElementCount(string field, long[]? shape, TensorLimits limits, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(errors);
        if (shape is null)
        {
            errors.Add(field, "is required (an array of dimensions; [] for a scalar)");
            return null;
        }

        if (shape.Length > limits.MaxRank)
        {
            errors.Add(field, $"has rank {shape.Length}; at most {limits.MaxRank} dimensions are allowed");
            return null;
        }

        long count = 1;
        for (var i = 0; i < shape.Length; i++)
        {
            if (shape[i] < 0)
            {
                errors.Add(field, $"dimension {i} is negative ({shape[i]})");
                return null;
            }

            // Compare before multiplying so the product cannot overflow.
            if (shape[i] > 0 && count > limits.MaxElements / shape[i])
            {
                errors.Add(field, $"{TensorData.FormatShape(shape)} has more than the limit of {limits.MaxElements} elements");
                return null;
            }

            count *= shape[i];
        }

        return count;
    }

    public static TensorResponse Write(TensorData tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var name = TensorTypeNames.Of(tensor.ElementType);
        if (!tensor.ElementType.IsDefined() || tensor.ElementCount < 0
            || tensor.Data.LongLength != tensor.ElementCount * tensor.ElementType.SizeInBytes())
        {
            // A malformed result is shown as such rather than failing the whole response.
            return new TensorResponse(name, tensor.Shape, null);
        }

        Array data = tensor.ElementType switch
        {
            TensorElementType.Float32 => tensor.ToFloats(),
            TensorElementType.Float16 => Array.ConvertAll(tensor.ToHalves(), h => (float)h),
            TensorElementType.Float64 => tensor.ToDoubles(),
            TensorElementType.Int64 => tensor.ToInt64s(),
            TensorElementType.Int32 => tensor.ToInt32s(),
            TensorElementType.Int8 => Array.ConvertAll(tensor.ToSBytes(), b => (int)b),
            // byte[] would serialise as base64; the API promises numbers.
            TensorElementType.UInt8 => Array.ConvertAll(tensor.ToBytes(), b => (int)b),
            _ => tensor.ToBools(),
        };
        return new TensorResponse(name, tensor.Shape, data);
    }

    public static TensorSpecResponse Describe(TensorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new TensorSpecResponse(spec.Name, TensorTypeNames.Of(spec.ElementType), spec.Shape);
    }

    private static T[]? Fill<T>(JsonElement data, string field, ValidationErrors errors, string expected, Func<JsonElement, T?> read)
        where T : struct
    {
        var values = new T[data.GetArrayLength()];
        var i = 0;
        foreach (var element in data.EnumerateArray())
        {
            if (read(element) is not { } value)
            {
                // One message for the first bad element: a million bad elements need not make a million messages.
                errors.Add($"{field}[{i}]", $"must be {expected}");
                return null;
            }

            values[i++] = value;
        }

        return values;
    }

    private static double? Number(JsonElement e) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;

    private static float? ReadFloat32(JsonElement e) => Number(e) is { } d && Math.Abs(d) <= float.MaxValue ? (float)d : null;

    private static Half? ReadFloat16(JsonElement e) => Number(e) is { } d && (Half)d is var h && Half.IsFinite(h) ? h : null;

    private static double? ReadFloat64(JsonElement e) => Number(e);

    private static long? ReadInt64(JsonElement e) => e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var v) ? v : null;

    private static int? ReadInt32(JsonElement e) => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var v) ? v : null;

    private static sbyte? ReadInt8(JsonElement e) => e.ValueKind == JsonValueKind.Number && e.TryGetSByte(out var v) ? v : null;

    private static byte? ReadUInt8(JsonElement e) => e.ValueKind == JsonValueKind.Number && e.TryGetByte(out var v) ? v : null;

    private static bool? ReadBool(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when e.TryGetInt32(out var v) && v is 0 or 1 => v == 1,
        _ => null,
    };
}
