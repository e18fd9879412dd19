namespace Aitbc.Orleans.Fhe;

/// <summary>Keys and ciphertexts that do not belong together (other key set or parameter set), or an evaluation key that was not supplied.</summary>
public sealed class FheKeyException : FheException
{
    public FheKeyException()
    {
    }

    public FheKeyException(string message)
        : base(message)
    {
    }

    public FheKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
