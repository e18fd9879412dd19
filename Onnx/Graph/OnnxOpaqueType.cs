namespace Aitbc.Orleans.Onnx.Graph;

/// <summary>A type known only to some operator set, by domain and name.</summary>
public sealed record OnnxOpaqueType(string? Domain, string? Name) : OnnxType;
