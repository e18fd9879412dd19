namespace Aitbc.Orleans.Tensors;

/// <summary>Per-type facts (element width, floating point or not) used by validation and conversions.</summary>
public static class TensorElementTypeInfo
{
    public static int SizeInBytes(this TensorElementType type) => type switch
    {
        TensorElementType.Float32 => 4,
        TensorElementType.Float16 => 2,
        TensorElementType.Float64 => 8,
        TensorElementType.Int64 => 8,
        TensorElementType.Int32 => 4,
        TensorElementType.Int8 => 1,
        TensorElementType.UInt8 => 1,
        TensorElementType.Bool => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown tensor element type."),
    };

    public static bool IsDefined(this TensorElementType type) => Enum.IsDefined(type);

    public static bool IsFloatingPoint(this TensorElementType type) =>
        type is TensorElementType.Float32 or TensorElementType.Float16 or TensorElementType.Float64;
}
