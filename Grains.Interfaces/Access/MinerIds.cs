using System.Security.Cryptography;

namespace Aitbc.Orleans.Access;

/// <summary>The default miner id: derived from the public key, so a daemon knows its id from its key alone.</summary>
public static class MinerIds
{
    /// <summary>"miner-" and the first 16 hex digits of the key's SHA-256 (the daemon's fingerprint).</summary>
    public static string FromPublicKey(byte[] subjectPublicKeyInfo) =>
        "miner-" + Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo))[..16];
}
