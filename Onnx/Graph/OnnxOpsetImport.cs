namespace Aitbc.Orleans.Onnx.Graph;

/// <summary>An OperatorSetIdProto: which version of an operator set the model binds to. "" (or "ai.onnx") is the standard set.</summary>
public sealed record OnnxOpsetImport(string? Domain, long Version)
{
    public bool IsDefaultDomain => Domain is null or "" or "ai.onnx";
}
