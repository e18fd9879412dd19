namespace Aitbc.Orleans.Onnx.Serialization;

/// <summary>Takes one field of a message from <paramref name="reader"/>; false when the field is not one it knows.</summary>
public delegate bool FieldHandler(ref ProtobufReader reader, int field, int wire);
