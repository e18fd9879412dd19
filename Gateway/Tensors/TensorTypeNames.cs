using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Gateway.Tensors;

/// <summary>The element type names of the public API (ONNX-style lowercase: float32, uint8, ...).</summary>
public static class TensorTypeNames
{
    private static readonly (TensorElementType Type, string Name)[] Names =
    [
        (TensorElementType.Float32, "float32"),
        (TensorElementType.Float16, "float16"),
        (TensorElementType.Float64, "float64"),
        (TensorElementType.Int64, "int64"),
        (TensorElementType.Int32, "int32"),
        (TensorElementType.Int8, "int8"),
        (TensorElementType.UInt8, "uint8"),
        (TensorElementType.Bool, "bool"),
    ];

    public static string Supported { get; } = string.Join(", ", Names.Select(n => n.Name));

    public static string Of(TensorElementType type)
    {
        foreach (var (t, name) in Names)
        {
            if (t == type)
            {
                return name;
            }
        }

        return type.ToString().ToLowerInvariant();
    }

    public static bool TryParse(string? name, out TensorElementType type)
    {
        foreach (var (t, n) in Names)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                type = t;
                return true;
            }
        }

        type = default;
        return false;
    }
}
