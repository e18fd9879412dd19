namespace Aitbc.Orleans.Tensors;

/// <summary>
/// Our element types and ONNX's TensorProto.DataType numbers (onnx.proto). ONNX Runtime's TensorElementType enum uses
/// the same numbers, so the model writer, the miner's engine and the gateway's model inspector all map through here.
/// </summary>
public static class OnnxDataTypes
{
    private static readonly (TensorElementType Type, int Onnx)[] Table =
    [
        (TensorElementType.Float32, 1),
        (TensorElementType.UInt8, 2),
        (TensorElementType.Int8, 3),
        (TensorElementType.Int32, 6),
        (TensorElementType.Int64, 7),
        (TensorElementType.Bool, 9),
        (TensorElementType.Float16, 10),
        (TensorElementType.Float64, 11),
    ];

    public static int ToOnnxDataType(TensorElementType type)
    {
        foreach (var (t, onnx) in Table)
        {
            if (t == type)
            {
                return onnx;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(type), type, "No ONNX data type for this element type.");
    }

    /// <summary>The element type for an ONNX data type number, or null for one we do not carry (strings, complex, ...).</summary>
    public static TensorElementType? FromOnnxDataType(int onnx)
    {
        foreach (var (t, o) in Table)
        {
            if (o == onnx)
            {
                return t;
            }
        }

        return null;
    }
}
