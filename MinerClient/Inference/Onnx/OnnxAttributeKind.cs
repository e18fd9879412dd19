namespace Aitbc.Orleans.Miner.Inference.Onnx;

/// <summary>AttributeProto.AttributeType values from onnx.proto (only the kinds the builder emits).</summary>
public enum OnnxAttributeKind
{
    Float = 1,
    Int = 2,
    String = 3,
    Floats = 6,
    Ints = 7,
}
