namespace Aitbc.Orleans.Onnx.Graph;

/// <summary>A map from an integer or string key type (an <see cref="OnnxDataType"/> number) to values of one type.</summary>
public sealed record OnnxMapType(int KeyType, OnnxType? ValueType) : OnnxType;
