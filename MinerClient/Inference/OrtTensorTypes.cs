using Aitbc.Orleans.Tensors;
using OrtElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;

namespace Aitbc.Orleans.Miner.Inference;

/// <summary>Conversions between our wire element types and ONNX Runtime's.</summary>
internal static class OrtTensorTypes
{
    public static OrtElementType ToOrt(TensorElementType type) => type switch
    {
        TensorElementType.Float32 => OrtElementType.Float,
        TensorElementType.Float16 => OrtElementType.Float16,
        TensorElementType.Float64 => OrtElementType.Double,
        TensorElementType.Int64 => OrtElementType.Int64,
        TensorElementType.Int32 => OrtElementType.Int32,
        TensorElementType.Int8 => OrtElementType.Int8,
        TensorElementType.UInt8 => OrtElementType.UInt8,
        TensorElementType.Bool => OrtElementType.Bool,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unsupported element type."),
    };

    public static TensorElementType? FromOrt(OrtElementType type) => type switch
    {
        OrtElementType.Float => TensorElementType.Float32,
        OrtElementType.Float16 => TensorElementType.Float16,
        OrtElementType.Double => TensorElementType.Float64,
        OrtElementType.Int64 => TensorElementType.Int64,
        OrtElementType.Int32 => TensorElementType.Int32,
        OrtElementType.Int8 => TensorElementType.Int8,
        OrtElementType.UInt8 => TensorElementType.UInt8,
        OrtElementType.Bool => TensorElementType.Bool,
        _ => null,
    };
}
