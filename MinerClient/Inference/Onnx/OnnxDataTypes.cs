using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Miner.Inference.Onnx;

/// <summary>Maps our element types to TensorProto.DataType numbers from onnx.proto.</summary>
public static class OnnxDataTypes
{
    public static int ToOnnxDataType(TensorElementType type) => type switch
    {
        TensorElementType.Float32 => 1,
        TensorElementType.UInt8 => 2,
        TensorElementType.Int8 => 3,
        TensorElementType.Int32 => 6,
        TensorElementType.Int64 => 7,
        TensorElementType.Bool => 9,
        TensorElementType.Float16 => 10,
        TensorElementType.Float64 => 11,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No ONNX data type for this element type."),
    };
}
