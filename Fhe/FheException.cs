namespace Aitbc.Orleans.Fhe;

/// <summary>The base of every error this library raises on purpose; its message says what was wrong and what to do.</summary>
public class FheException : Exception
{
    public FheException()
    {
    }

    public FheException(string message)
        : base(message)
    {
    }

    public FheException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
