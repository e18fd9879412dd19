namespace Aitbc.Orleans.Onnx.Graph;

/// <summary>A StringStringEntryProto: metadata properties, external-data locations, training bindings.</summary>
public sealed record OnnxStringEntry(string? Key, string? Value);
