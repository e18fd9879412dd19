using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Verification;

/// <summary>
/// Draws whether a completed job is checked. The draw happens only after the job's result has arrived, so nothing the
/// miner sees before answering depends on it. Unpredictable (the OS CSPRNG) unless a seed is configured for a test.
/// </summary>
public sealed class VerificationSampler(IOptions<VerificationOptions> options)
{
    private readonly Random? _seeded = options.Value.Seed is { } seed ? new Random(seed) : null;

    public bool Draw(double rate)
    {
        if (rate <= 0)
        {
            return false;
        }

        if (rate >= 1)
        {
            return true;
        }

        if (_seeded is { } seeded)
        {
            lock (seeded)
            {
                return seeded.NextDouble() < rate;
            }
        }

        // 53 random bits as a double in [0, 1).
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return (BitConverter.ToUInt64(bytes) >> 11) * (1.0 / (1UL << 53)) < rate;
    }
}
