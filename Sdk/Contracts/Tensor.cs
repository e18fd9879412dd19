using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aitbc.Orleans.Sdk.Contracts;

/// <summary>
/// A tensor in the API's JSON form: element type (float32, float16, float64, int64, int32, int8, uint8, bool), shape,
/// and the elements flattened in row-major order. <see cref="Data"/> keeps the JSON as sent, so int64 values beyond
/// 2^53 survive a round trip; the To… methods read it.
/// </summary>
public sealed record Tensor(string Type, IReadOnlyList<long> Shape, JsonElement Data)
{
    public static Tensor FromFloats(IReadOnlyList<long> shape, params float[] values) => new("float32", shape, JsonSerializer.SerializeToElement(values));

    /// <summary>Doubles sent as <paramref name="type"/> (float32 by default; float64 keeps every digit).</summary>
    public static Tensor FromDoubles(IReadOnlyList<long> shape, double[] values, string type = "float32") => new(type, shape, JsonSerializer.SerializeToElement(values));

    public static Tensor FromInt64s(IReadOnlyList<long> shape, params long[] values) => new("int64", shape, JsonSerializer.SerializeToElement(values));

    public static Tensor FromBooleans(IReadOnlyList<long> shape, params bool[] values) => new("bool", shape, JsonSerializer.SerializeToElement(values));

    /// <summary>Product of the dimensions (1 for a scalar).</summary>
    [JsonIgnore]
    public long ElementCount => Shape.Aggregate(1L, (a, b) => checked(a * b));

    /// <summary>The elements as doubles (booleans as 0 and 1).</summary>
    public double[] ToDoubles() => Elements(e => e.ValueKind switch
    {
        JsonValueKind.True => 1,
        JsonValueKind.False => 0,
        _ => e.GetDouble(),
    });

    public float[] ToFloats() => Array.ConvertAll(ToDoubles(), d => (float)d);

    public long[] ToInt64s() => Elements(e => e.GetInt64());

    public bool[] ToBooleans() => Elements(e => e.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => e.GetDouble() != 0,
    });

    private T[] Elements<T>(Func<JsonElement, T> read)
    {
        if (Data.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidOperationException($"the tensor's data is {Data.ValueKind}, not an array");
        }

        var result = new T[Data.GetArrayLength()];
        var i = 0;
        foreach (var element in Data.EnumerateArray())
        {
            result[i++] = read(element);
        }

        return result;
    }
}
