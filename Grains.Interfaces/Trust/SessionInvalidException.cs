namespace Aitbc.Orleans.Trust;

/// <summary>A client call carried no session token, or one that is forged or expired: sign in again.</summary>
[GenerateSerializer, Alias("aitbc.SessionInvalidException")]
public sealed class SessionInvalidException : Exception
{
    public SessionInvalidException()
    {
    }

    public SessionInvalidException(string message) : base(message)
    {
    }

    public SessionInvalidException(string message, Exception inner) : base(message, inner)
    {
    }
}
