namespace Aitbc.Orleans.Fhe;

/// <summary>Serialized key, ciphertext or plan bytes that are malformed, truncated, of another version or of another parameter set.</summary>
public sealed class FheFormatException : FheException
{
    public FheFormatException()
    {
    }

    public FheFormatException(string message)
        : base(message)
    {
    }

    public FheFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
