namespace Aitbc.Orleans.Fhe.Arithmetic;

/// <summary>
/// Primality and the search for NTT-friendly primes (q ≡ 1 mod 2N, so that Z_q holds a primitive 2N-th root of unity
/// and X^N + 1 splits into linear factors). Setup-time code: UInt128 arithmetic, never in a hot loop.
/// </summary>
public static class NttPrimes
{
    /// <summary>The first twelve primes as Miller–Rabin bases: deterministic for every n &lt; 3.3·10^24, so for all 64-bit n.</summary>
    private static readonly ulong[] WitnessBases = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];

    /// <summary>Deterministic Miller–Rabin for 64-bit integers.</summary>
    public static bool IsPrime(ulong n)
    {
        if (n < 2)
        {
            return false;
        }

        foreach (var p in WitnessBases)
        {
            if (n % p == 0)
            {
                return n == p;
            }
        }

        var d = n - 1;
        var s = 0;
        while ((d & 1) == 0)
        {
            d >>= 1;
            s++;
        }

        foreach (var a in WitnessBases)
        {
            var x = PowMod(a, d, n);
            if (x == 1 || x == n - 1)
            {
                continue;
            }

            var composite = true;
            for (var r = 1; r < s; r++)
            {
                x = MulMod(x, x, n);
                if (x == n - 1)
                {
                    composite = false;
                    break;
                }
            }

            if (composite)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The <paramref name="count"/> largest primes below 2^<paramref name="bits"/> that are ≡ 1 mod 2N, excluding
    /// <paramref name="exclude"/>, in descending order.
    /// </summary>
    public static ulong[] FindBelow(int bits, int polyDegree, int count, IReadOnlyCollection<ulong>? exclude = null)
    {
        if (bits is < 10 or > Modulus.MaxBitCount)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, $"prime sizes are 10 to {Modulus.MaxBitCount} bits");
        }

        var step = 2UL * (ulong)polyDegree;
        var candidate = ((1UL << bits) - 1) / step * step + 1; // the largest value ≡ 1 mod 2N below 2^bits
        var found = new List<ulong>(count);
        while (found.Count < count)
        {
            if (candidate < (1UL << (bits - 1)))
            {
                throw new InvalidOperationException($"fewer than {count} NTT primes of {bits} bits for N = {polyDegree}");
            }

            if (IsPrime(candidate) && (exclude is null || !exclude.Contains(candidate)))
            {
                found.Add(candidate);
            }

            candidate -= step;
        }

        return [.. found];
    }

    /// <summary>
    /// The smallest primitive 2N-th root of unity modulo the prime q (as an integer in [2, q)). Canonical, so the NTT and
    /// everything computed with it is the same on every machine.
    /// </summary>
    public static ulong MinimalPrimitiveRoot(ulong q, int polyDegree)
    {
        var order = 2UL * (ulong)polyDegree;
        if ((q - 1) % order != 0 || !IsPrime(q))
        {
            throw new ArgumentException($"{q} is not a prime ≡ 1 mod {order}", nameof(q));
        }

        // Some g^((q-1)/2N) is a primitive 2N-th root: its N-th power is -1. Every primitive root is then root^k, k odd.
        ulong root = 0;
        for (ulong g = 2; g < q; g++)
        {
            var candidate = PowMod(g, (q - 1) / order, q);
            if (PowMod(candidate, (ulong)polyDegree, q) == q - 1)
            {
                root = candidate;
                break;
            }
        }

        var square = MulMod(root, root, q);
        var minimal = root;
        var current = root;
        for (var k = 1; k < polyDegree; k++)
        {
            current = MulMod(current, square, q); // root^(2k+1)
            if (current < minimal)
            {
                minimal = current;
            }
        }

        return minimal;
    }

    internal static ulong MulMod(ulong a, ulong b, ulong m) => (ulong)((UInt128)a * b % m);

    internal static ulong PowMod(ulong a, ulong e, ulong m)
    {
        ulong result = 1 % m;
        a %= m;
        while (e != 0)
        {
            if ((e & 1) != 0)
            {
                result = MulMod(result, a, m);
            }

            a = MulMod(a, a, m);
            e >>= 1;
        }

        return result;
    }
}
