namespace Aitbc.Orleans.Trust;

/// <summary>A client called a grain method its identity may not call (or called without a valid session).</summary>
[GenerateSerializer, Alias("aitbc.CallDeniedException")]
public sealed class CallDeniedException : Exception
{
    public CallDeniedException()
    {
    }

    public CallDeniedException(string message) : base(message)
    {
    }

    public CallDeniedException(string message, Exception inner) : base(message, inner)
    {
    }
}
