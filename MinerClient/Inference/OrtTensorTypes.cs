using Aitbc.Orleans.Tensors;
using OrtElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;

namespace Aitbc.Orleans.Miner.Inference;

/// <summary>Conversions between our wire element types and ONNX Runtime's (which numbers them as onnx.proto does).</summary>
internal static class OrtTensorTypes
{
    public static OrtElementType ToOrt(TensorElementType type) => (OrtElementType)OnnxDataTypes.ToOnnxDataType(type);

    public static TensorElementType? FromOrt(OrtElementType type) => OnnxDataTypes.FromOnnxDataType((int)type);
}
