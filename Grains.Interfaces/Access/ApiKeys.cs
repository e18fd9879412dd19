using System.Security.Cryptography;
using System.Text;

namespace Aitbc.Orleans.Access;

/// <summary>Key generation and the one-way id under which a key is stored.</summary>
public static class ApiKeys
{
    public const string Prefix = "aitbc_";

    /// <summary>A new key: the prefix (so leaked keys are easy to grep for) and 256 random bits, base64url.</summary>
    public static string Generate() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// SHA-256 of the key in lowercase hex. Keys carry 256 random bits, so a plain hash is enough to make a stolen
    /// table useless; no salt or slow hash is needed (that is for low-entropy passwords).
    /// </summary>
    public static string IdOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
