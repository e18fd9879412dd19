namespace Aitbc.Orleans.Fhe.Ckks;

/// <summary>Creates a secret key and the public keys derived from it. Client side only.</summary>
public sealed class KeyGenerator(CkksContext context)
{
    private readonly CkksContext _context = context ?? throw new ArgumentNullException(nameof(context));

    public SecretKey CreateSecretKey()
    {
        var coefficients = new sbyte[_context.Degree];
        Sampling.Ternary(coefficients);
        return new SecretKey(_context, FheKeyId.NewRandom(), coefficients);
    }

    /// <summary>(−a·s + e, a) over q_0 … q_L.</summary>
    public PublicKey CreatePublicKey(SecretKey secret)
    {
        CheckOwn(secret);
        var n = _context.Degree;
        var moduli = Enumerable.Range(0, _context.MaxLevel + 1).ToArray();
        var seed = SeededUniform.NewSeed();
        var a = KeyExpansion.UniformNtt(_context, seed, 0, moduli);
        var noise = new sbyte[n];
        Sampling.CenteredBinomial(noise);
        var b = Sampling.ToNtt(_context, noise, moduli);
        for (var limb = 0; limb < moduli.Length; limb++)
        {
            var q = _context.Moduli[limb];
            var s = secret.Ntt.Limb(limb);
            var ar = a.Limb(limb);
            var row = b.Limb(limb);
            for (var k = 0; k < n; k++)
            {
                row[k] = q.Subtract(row[k], q.Multiply(ar[k], s[k]));
            }
        }

        return new PublicKey(_context, secret.KeyId, seed, b);
    }

    /// <summary>
    /// Evaluation keys for ciphertexts up to <paramref name="level"/>: a relinearization key if asked, and a Galois key
    /// for each left rotation in <paramref name="rotationSteps"/> (negative: right; multiples of N/2 need none).
    /// </summary>
    public EvaluationKeys CreateEvaluationKeys(SecretKey secret, int level, bool relinearization, IEnumerable<int> rotationSteps)
    {
        CheckOwn(secret);
        ArgumentNullException.ThrowIfNull(rotationSteps);
        if (level < 0 || level > _context.MaxLevel)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, $"levels are 0 to {_context.MaxLevel}");
        }

        KeySwitchingKey? relin = null;
        if (relinearization)
        {
            var square = secret.Ntt.Clone();
            PolyArithmetic.Multiply(_context, square, square, square, square.LimbCount); // limb i is modulus i, P included
            relin = KeySwitchingKey.Create(_context, secret, square, level);
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(square.Data.AsSpan()));
        }

        var galois = new Dictionary<ulong, KeySwitchingKey>();
        foreach (var step in rotationSteps)
        {
            if (step % _context.SlotCount == 0)
            {
                continue;
            }

            var g = GaloisElements.ForRotation(step, _context.Degree);
            if (galois.ContainsKey(g))
            {
                continue;
            }

            var rotated = new RnsPoly(_context.Degree, secret.Ntt.LimbCount);
            PolyArithmetic.Permute(_context, secret.Ntt, rotated, rotated.LimbCount, _context.GaloisPermutation(g));
            galois[g] = KeySwitchingKey.Create(_context, secret, rotated, level);
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(rotated.Data.AsSpan()));
        }

        return new EvaluationKeys(_context, secret.KeyId, level, relin, galois);
    }

    private void CheckOwn(SecretKey secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ParameterSetCheck.Require(secret.ParameterSet, _context.ParameterSetId, "the secret key");
    }
}
