using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>
/// Writes output elements as JSON numbers. A model may legitimately output NaN or infinities, which JSON numbers
/// cannot carry; those are written as the strings "NaN", "Infinity" and "-Infinity" instead of failing the response.
/// </summary>
public sealed class TensorValuesConverter : JsonConverter<Array>
{
    public override Array Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Output tensors are written, never read.");

    public override void Write(Utf8JsonWriter writer, Array value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        switch (value)
        {
            case float[] floats:
                foreach (var f in floats)
                {
                    WriteReal(writer, f);
                }

                break;
            case double[] doubles:
                foreach (var d in doubles)
                {
                    WriteReal(writer, d);
                }

                break;
            case long[] longs:
                foreach (var l in longs)
                {
                    writer.WriteNumberValue(l);
                }

                break;
            case int[] ints:
                foreach (var i in ints)
                {
                    writer.WriteNumberValue(i);
                }

                break;
            case bool[] bools:
                foreach (var b in bools)
                {
                    writer.WriteBooleanValue(b);
                }

                break;
            default:
                throw new NotSupportedException($"Unexpected tensor element array {value?.GetType()}.");
        }

        writer.WriteEndArray();
    }

    private static void WriteReal(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(float.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static void WriteReal(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }
}
