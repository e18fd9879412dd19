namespace Aitbc.Orleans.Onnx.Graph;

/// <summary>A TypeProto with none of its oneof cases set (legal in the protobuf, meaning "type not given").</summary>
public sealed record OnnxUnsetType : OnnxType;
