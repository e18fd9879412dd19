namespace Aitbc.Orleans.Fhe.Ckks;

/// <summary>
/// Homomorphic operations on ciphertexts, with public evaluation keys only. Every operation checks the budget it
/// spends: levels (a rescale at level 0 is refused), the scale (a product whose scale would not leave room for the
/// value under the modulus is refused), matching scales for additions, and that everything comes from one key set.
/// </summary>
public sealed class CkksEvaluator
{
    /// <summary>Two scales count as equal within this relative difference (they are exact doubles along one computation).</summary>
    public const double ScaleTolerance = 1e-9;

    /// <summary>Bits a scale must leave free under the modulus: the sign and at least one bit of the value.</summary>
    public const int MinimumHeadroomBits = 2;

    private readonly CkksContext _context;
    private readonly EvaluationKeys? _keys;

    public CkksEvaluator(CkksContext context, EvaluationKeys? keys = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (keys is not null)
        {
            ParameterSetCheck.Require(keys.ParameterSet, context.ParameterSetId, "the evaluation keys");
        }

        _context = context;
        _keys = keys;
    }

    public CkksContext Context => _context;

    public Ciphertext Add(Ciphertext a, Ciphertext b)
    {
        CheckPair(a, b);
        CheckScales(a.Scale, b.Scale, "add");
        var size = Math.Max(a.Size, b.Size);
        var limbs = a.Level + 1;
        var polys = new RnsPoly[size];
        for (var i = 0; i < size; i++)
        {
            if (i < a.Size && i < b.Size)
            {
                polys[i] = new RnsPoly(_context.Degree, limbs);
                PolyArithmetic.Add(_context, a.Polys[i], b.Polys[i], polys[i], limbs);
            }
            else
            {
                polys[i] = (i < a.Size ? a.Polys[i] : b.Polys[i]).Clone();
            }
        }

        return new Ciphertext(a.ParameterSet, a.KeyId, polys, a.Level, a.Scale);
    }

    public Ciphertext Subtract(Ciphertext a, Ciphertext b) => Add(a, Negate(b));

    public Ciphertext Negate(Ciphertext a)
    {
        CheckOwn(a);
        var polys = new RnsPoly[a.Size];
        for (var i = 0; i < a.Size; i++)
        {
            polys[i] = new RnsPoly(_context.Degree, a.Level + 1);
            PolyArithmetic.Negate(_context, a.Polys[i], polys[i], a.Level + 1);
        }

        return new Ciphertext(a.ParameterSet, a.KeyId, polys, a.Level, a.Scale);
    }

    /// <summary>a + p; the plaintext must be at the ciphertext's scale and at least its level.</summary>
    public Ciphertext AddPlain(Ciphertext a, Plaintext p)
    {
        CheckOwn(a);
        CheckPlain(a, p);
        CheckScales(a.Scale, p.Scale, "add a plaintext to");
        var polys = a.Polys.Select(x => x.Clone()).ToArray();
        PolyArithmetic.Add(_context, polys[0], p.Poly, polys[0], a.Level + 1);
        return new Ciphertext(a.ParameterSet, a.KeyId, polys, a.Level, a.Scale);
    }

    /// <summary>a ⊙ p slot-wise; the scale becomes the product (rescale afterwards).</summary>
    public Ciphertext MultiplyPlain(Ciphertext a, Plaintext p)
    {
        CheckOwn(a);
        CheckPlain(a, p);
        var scale = CheckProductScale(a.Scale, p.Scale, a.Level);
        var polys = new RnsPoly[a.Size];
        for (var i = 0; i < a.Size; i++)
        {
            polys[i] = new RnsPoly(_context.Degree, a.Level + 1);
            PolyArithmetic.Multiply(_context, a.Polys[i], p.Poly, polys[i], a.Level + 1);
        }

        return new Ciphertext(a.ParameterSet, a.KeyId, polys, a.Level, scale);
    }

    /// <summary>Accumulates a ⊙ p into <paramref name="accumulator"/> (same level and scale), in place: the inner loop of a matrix product.</summary>
    internal void MultiplyPlainAccumulate(Ciphertext a, Plaintext p, Ciphertext accumulator)
    {
        CheckPlain(a, p);
        for (var i = 0; i < a.Size; i++)
        {
            PolyArithmetic.MultiplyAdd(_context, a.Polys[i], p.Poly, accumulator.Polys[i], a.Level + 1);
        }
    }

    /// <summary>The ciphertext–ciphertext product, three polynomials (relinearize afterwards).</summary>
    public Ciphertext Multiply(Ciphertext a, Ciphertext b)
    {
        CheckPair(a, b);
        if (a.Size != 2 || b.Size != 2)
        {
            throw new InvalidOperationException("relinearize before multiplying again: only two-polynomial ciphertexts multiply");
        }

        var scale = CheckProductScale(a.Scale, b.Scale, a.Level);
        var limbs = a.Level + 1;
        var n = _context.Degree;
        var d0 = new RnsPoly(n, limbs);
        var d1 = new RnsPoly(n, limbs);
        var d2 = new RnsPoly(n, limbs);
        PolyArithmetic.Multiply(_context, a.Polys[0], b.Polys[0], d0, limbs);
        PolyArithmetic.Multiply(_context, a.Polys[0], b.Polys[1], d1, limbs);
        PolyArithmetic.MultiplyAdd(_context, a.Polys[1], b.Polys[0], d1, limbs);
        PolyArithmetic.Multiply(_context, a.Polys[1], b.Polys[1], d2, limbs);
        return new Ciphertext(a.ParameterSet, a.KeyId, [d0, d1, d2], a.Level, scale);
    }

    public Ciphertext Square(Ciphertext a) => Multiply(a, a);

    /// <summary>Back to two polynomials: c_2·s² is switched to s with the relinearization key.</summary>
    public Ciphertext Relinearize(Ciphertext a)
    {
        CheckOwn(a);
        if (a.Size == 2)
        {
            return a;
        }

        var keys = RequireKeys();
        var key = keys.Relinearization
            ?? throw new FheKeyException("no relinearization key: generate the evaluation keys with relinearization for a square activation");
        var decomposition = KeySwitcher.Decompose(_context, a.Polys[2], a.Level);
        var (k0, k1) = KeySwitcher.Apply(_context, decomposition, key, null);
        PolyArithmetic.Add(_context, k0, a.Polys[0], k0, a.Level + 1);
        PolyArithmetic.Add(_context, k1, a.Polys[1], k1, a.Level + 1);
        return new Ciphertext(a.ParameterSet, a.KeyId, [k0, k1], a.Level, a.Scale);
    }

    /// <summary>Divides by the top prime q_ℓ (rounding), dropping one level: the scale shrinks by q_ℓ.</summary>
    public Ciphertext Rescale(Ciphertext a)
    {
        CheckOwn(a);
        if (a.Level == 0)
        {
            throw new FheBudgetExceededException(
                $"levels exhausted: the ciphertext is at level 0 and cannot be rescaled; the computation needs more multiplicative depth than {_context.Parameters.Name} offers ({_context.MaxLevel} levels)");
        }

        var prime = _context.Moduli[a.Level].Value;
        var scale = a.Scale / prime;
        if (scale < 1)
        {
            throw new FheBudgetExceededException(
                $"scale underflow: rescaling a ciphertext at scale 2^{Math.Log2(a.Scale):0.##} by a {Math.Log2(prime):0.#}-bit prime would leave no precision; multiply before rescaling");
        }

        var polys = new RnsPoly[a.Size];
        for (var i = 0; i < a.Size; i++)
        {
            polys[i] = PolyArithmetic.DivideRoundByLast(_context, a.Polys[i], a.Level, a.Level, _context.RescaleInverse[a.Level]);
        }

        return new Ciphertext(a.ParameterSet, a.KeyId, polys, a.Level - 1, scale);
    }

    /// <summary>Drops primes without dividing (same value and scale, fewer levels), to meet a ciphertext at a lower level.</summary>
    public Ciphertext DropToLevel(Ciphertext a, int level)
    {
        CheckOwn(a);
        if (level < 0 || level > a.Level)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, $"a ciphertext at level {a.Level} can drop to levels 0 to {a.Level}");
        }

        CheckScaleFits(a.Scale, level);
        return new Ciphertext(a.ParameterSet, a.KeyId, [.. a.Polys.Select(p => p.Prefix(level + 1))], level, a.Scale);
    }

    /// <summary>Rotates the slots left by <paramref name="steps"/> (negative: right), with the Galois key for that step.</summary>
    public Ciphertext Rotate(Ciphertext a, int steps) => RotateMany(a, [steps])[steps];

    /// <summary>
    /// Several rotations of one ciphertext sharing one key-switching decomposition (hoisting): the expensive inverse and
    /// forward NTTs of the digits are done once, each rotation then costs a permutation, an inner product and a mod-down.
    /// </summary>
    public IReadOnlyDictionary<int, Ciphertext> RotateMany(Ciphertext a, IReadOnlyCollection<int> steps)
    {
        CheckOwn(a);
        ArgumentNullException.ThrowIfNull(steps);
        if (a.Size != 2)
        {
            throw new InvalidOperationException("relinearize before rotating");
        }

        var results = new Dictionary<int, Ciphertext>();
        KeySwitcher.Decomposition? decomposition = null;
        foreach (var step in steps.Distinct())
        {
            if (step % _context.SlotCount == 0)
            {
                results[step] = a;
                continue;
            }

            var g = GaloisElements.ForRotation(step, _context.Degree);
            var keys = RequireKeys();
            if (!keys.Galois.TryGetValue(g, out var key))
            {
                throw new FheKeyException($"no Galois key for a rotation by {step} slots (element {g}): generate the evaluation keys with this rotation step");
            }

            decomposition ??= KeySwitcher.Decompose(_context, a.Polys[1], a.Level);
            var permutation = _context.GaloisPermutation(g);
            var (k0, k1) = KeySwitcher.Apply(_context, decomposition, key, permutation);
            var rotated0 = new RnsPoly(_context.Degree, a.Level + 1);
            PolyArithmetic.Permute(_context, a.Polys[0], rotated0, a.Level + 1, permutation);
            PolyArithmetic.Add(_context, k0, rotated0, k0, a.Level + 1);
            results[step] = new Ciphertext(a.ParameterSet, a.KeyId, [k0, k1], a.Level, a.Scale);
        }

        return results;
    }

    private EvaluationKeys RequireKeys()
    {
        if (_keys is null)
        {
            throw new FheKeyException("this evaluator has no evaluation keys: pass them to its constructor");
        }

        return _keys;
    }

    private void CheckOwn(Ciphertext a)
    {
        ArgumentNullException.ThrowIfNull(a);
        ParameterSetCheck.Require(a.ParameterSet, _context.ParameterSetId, "the ciphertext");

        if (_keys is not null && a.KeyId != _keys.KeyId)
        {
            throw new FheKeyException($"the ciphertext is under key set {a.KeyId}, the evaluation keys under {_keys.KeyId}");
        }
    }

    private void CheckPair(Ciphertext a, Ciphertext b)
    {
        CheckOwn(a);
        CheckOwn(b);
        if (a.KeyId != b.KeyId)
        {
            throw new FheKeyException($"the ciphertexts are under different key sets ({a.KeyId}, {b.KeyId})");
        }

        if (a.Level != b.Level)
        {
            throw new ArgumentException($"the ciphertexts are at levels {a.Level} and {b.Level}: bring the higher one down with DropToLevel first");
        }
    }

    private void CheckPlain(Ciphertext a, Plaintext p)
    {
        ArgumentNullException.ThrowIfNull(p);
        ParameterSetCheck.Require(p.ParameterSet, _context.ParameterSetId, "the plaintext");

        if (p.Level < a.Level)
        {
            throw new ArgumentException($"the plaintext is at level {p.Level}, below the ciphertext's {a.Level}: encode it at level {a.Level}");
        }
    }

    private static void CheckScales(double a, double b, string what)
    {
        if (Math.Abs(a / b - 1) > ScaleTolerance)
        {
            throw new ArgumentException(
                $"cannot {what} a ciphertext at scale 2^{Math.Log2(a):0.######} with one at scale 2^{Math.Log2(b):0.######}: encode at the same scale, or rescale first");
        }
    }

    private double CheckProductScale(double a, double b, int level)
    {
        var scale = a * b;
        CheckScaleFits(scale, level);
        return scale;
    }

    private void CheckScaleFits(double scale, int level)
    {
        var room = _context.LogModulusAtLevel[level];
        if (!double.IsFinite(scale) || Math.Log2(scale) + MinimumHeadroomBits > room)
        {
            throw new FheBudgetExceededException(
                $"scale overflow: a scale of 2^{Math.Log2(scale):0.#} does not fit under the modulus 2^{room:0.#} at level {level} with {MinimumHeadroomBits} bits to spare; rescale first or encode at a smaller scale");
        }
    }
}
