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

    public bool Draw(double rate) => rate > 0 && (rate >= 1 || Uniform() < rate);

    /// <summary>
    /// The same draw at a rate known to lie in [<paramref name="low"/>, <paramref name="high"/>], asked for only when the
    /// draw falls between the two: the answer changes nothing outside, so most draws cost no call for the rate.
    /// </summary>
    public async Task<bool> Draw(double low, double high, Func<Task<double>> rate)
    {
        ArgumentNullException.ThrowIfNull(rate);
        if (high <= 0)
        {
            return false;
        }

        if (low >= 1)
        {
            return true;
        }

        var u = Uniform();
        return u < low || (u < high && u < Math.Clamp(await rate(), low, high));
    }

    /// <summary>A double in [0, 1): 53 random bits, or the configured seed's next.</summary>
    private double Uniform()
    {
        if (_seeded is { } seeded)
        {
            lock (seeded)
            {
                return seeded.NextDouble();
            }
        }

        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return (BitConverter.ToUInt64(bytes) >> 11) * (1.0 / (1UL << 53));
    }
}
