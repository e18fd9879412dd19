namespace Aitbc.Orleans.Fhe.Compiler;

/// <summary>
/// An ONNX model the compiler cannot turn into an encrypted-evaluation plan. The message names the node and operator
/// at fault (when one is) and the limit it breaks; <see cref="NodeName"/> and <see cref="OperatorType"/> carry them for
/// callers that present the refusal in their own words.
/// </summary>
public sealed class ModelNotSupportedException : FheException
{
    public ModelNotSupportedException()
    {
    }

    public ModelNotSupportedException(string message)
        : base(message)
    {
    }

    public ModelNotSupportedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ModelNotSupportedException(string nodeName, string operatorType, string reason)
        : base(Describe(nodeName, operatorType, reason))
    {
        NodeName = nodeName;
        OperatorType = operatorType;
        Reason = reason;
    }

    public ModelNotSupportedException(string nodeName, string operatorType, string reason, Exception innerException)
        : base(Describe(nodeName, operatorType, reason), innerException)
    {
        NodeName = nodeName;
        OperatorType = operatorType;
        Reason = reason;
    }

    /// <summary>The node the refusal is about, or null when it concerns the whole model (its inputs, outputs, depth).</summary>
    public string? NodeName { get; }

    public string? OperatorType { get; }

    /// <summary>The reason without the node prefix (null when the message is the whole story).</summary>
    public string? Reason { get; }

    private static string Describe(string nodeName, string operatorType, string reason) => $"node '{nodeName}' ({operatorType}): {reason}";
}
