using System.Collections.Concurrent;
using System.Security.Cryptography;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Jobs;

/// <summary>
/// Verifies miners' result signatures with each miner's public key imported once per silo, not once per job. The key
/// comes from the miner grain; when a signature does not verify under the cached key, the key is read again once (the
/// miner may have been enrolled with another key since) before the result counts as forged.
/// </summary>
public sealed class ResultVerifier(IGrainFactory grains) : IDisposable
{
    private readonly ConcurrentDictionary<string, MinerKey> _keys = new(StringComparer.Ordinal);

    public async Task<bool> VerifyAsync(string minerId, string jobId, IReadOnlyDictionary<string, TensorData> outputs, string signatureBase64)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(signatureBase64);
        }
        catch (FormatException)
        {
            return false;
        }

        var digest = ResultDigest.Compute(jobId, outputs);
        if (_keys.TryGetValue(minerId, out var cached) && cached.Verify(digest, signature))
        {
            return true;
        }

        var snapshot = await grains.Grain<IMinerGrain>(minerId).GetSnapshot();
        if (snapshot is null)
        {
            return false;
        }

        if (cached is not null && cached.PublicKey == snapshot.PublicKey)
        {
            return false;
        }

        var fresh = MinerKey.Import(snapshot.PublicKey);
        if (fresh is null)
        {
            return false;
        }

        _keys[minerId] = fresh;
        cached?.Dispose();
        return fresh.Verify(digest, signature);
    }

    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }

        _keys.Clear();
    }

    /// <summary>An imported P-256 key; verification is serialised per key, as one ECDsa object is not safe to share across threads.</summary>
    private sealed class MinerKey(string publicKey, ECDsa key) : IDisposable
    {
        private readonly object _lock = new();

        public string PublicKey { get; } = publicKey;

        public static MinerKey? Import(string publicKeyBase64)
        {
            var key = ECDsa.Create();
            try
            {
                key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(publicKeyBase64), out _);
                if (key.KeySize == 256)
                {
                    return new MinerKey(publicKeyBase64, key);
                }
            }
            catch (Exception ex) when (ex is CryptographicException or FormatException)
            {
            }

            key.Dispose();
            return null;
        }

        public bool Verify(byte[] digest, byte[] signature)
        {
            lock (_lock)
            {
                try
                {
                    return key.VerifyData(digest, signature, HashAlgorithmName.SHA256, ResultSignature.SignatureFormat);
                }
                catch (CryptographicException)
                {
                    return false;
                }
            }
        }

        public void Dispose() => key.Dispose();
    }
}
