using System.Text;

namespace Aitbc.Orleans.Trust;

/// <summary>The bytes a caller signs to sign in: a fixed label, the challenge and who it claims to be.</summary>
public static class SignInPayload
{
    public static byte[] For(string challenge, string subject) =>
        Encoding.UTF8.GetBytes($"aitbc-sign-in/v1\n{challenge}\n{subject}");
}
