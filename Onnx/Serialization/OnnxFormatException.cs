namespace Aitbc.Orleans.Onnx.Serialization;

/// <summary>The bytes are not a well-formed ONNX ModelProto (truncated, a bad length, a wire type onnx.proto does not use, nesting too deep).</summary>
public sealed class OnnxFormatException : FormatException
{
    public OnnxFormatException(string message)
        : base(message)
    {
    }

    public OnnxFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
