namespace Aitbc.Orleans.Fleet;

/// <summary>
/// A miner's registration was refused: not enrolled, not signed by the enrolled key over a fresh challenge, or a
/// reported field out of bounds. The message names the field and the rule.
/// </summary>
[GenerateSerializer, Alias("aitbc.RegistrationRefusedException")]
public sealed class RegistrationRefusedException : Exception
{
    public RegistrationRefusedException()
    {
    }

    public RegistrationRefusedException(string message) : base(message)
    {
    }

    public RegistrationRefusedException(string message, Exception inner) : base(message, inner)
    {
    }
}
