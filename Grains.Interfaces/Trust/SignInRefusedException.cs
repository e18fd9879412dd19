namespace Aitbc.Orleans.Trust;

/// <summary>A sign-in was refused: a stale or forged challenge, a bad signature, an unknown or revoked key.</summary>
[GenerateSerializer, Alias("aitbc.SignInRefusedException")]
public sealed class SignInRefusedException : Exception
{
    public SignInRefusedException()
    {
    }

    public SignInRefusedException(string message) : base(message)
    {
    }

    public SignInRefusedException(string message, Exception inner) : base(message, inner)
    {
    }
}
