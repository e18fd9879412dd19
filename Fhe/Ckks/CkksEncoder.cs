using System.Numerics;

namespace Aitbc.Orleans.Fhe.Ckks;

/// <summary>
/// Encodes up to N/2 real values into a plaintext polynomial at a given level and scale (canonical embedding, scaled
/// and rounded to integers, reduced into each prime and transformed to NTT form), and decodes back.
/// </summary>
public sealed class CkksEncoder
{
    private readonly CkksContext _context;
    private readonly SlotTransform _transform;

    internal CkksEncoder(CkksContext context)
    {
        _context = context;
        _transform = new SlotTransform(context.Degree);
    }

    /// <summary>Encodes <paramref name="values"/> (at most N/2; missing slots are zero).</summary>
    public Plaintext Encode(ReadOnlySpan<double> values, int level, double scale)
    {
        if (values.Length > _context.SlotCount)
        {
            throw new ArgumentException($"at most {_context.SlotCount} values fit in the slots, got {values.Length}", nameof(values));
        }

        var slots = new Complex[_context.SlotCount];
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"value {i} is not a finite number", nameof(values));
            }

            slots[i] = values[i];
        }

        return Encode(slots, level, scale);
    }

    internal Plaintext Encode(ReadOnlySpan<Complex> slots, int level, double scale)
    {
        CheckLevelAndScale(level, scale);
        var coefficients = new double[_context.Degree];
        _transform.SlotsToCoefficients(slots, coefficients);
        var poly = new RnsPoly(_context.Degree, level + 1);
        var bound = Math.Pow(2, _context.LogModulusAtLevel[level] - 1);
        for (var k = 0; k < coefficients.Length; k++)
        {
            var scaled = Math.Round(coefficients[k] * scale, MidpointRounding.ToEven);
            if (!double.IsFinite(scaled) || Math.Abs(scaled) >= bound)
            {
                throw new FheBudgetExceededException(
                    $"values times the scale 2^{Math.Log2(scale):0.##} do not fit under the modulus 2^{_context.LogModulusAtLevel[level]:0.#} at level {level}: use smaller values, a smaller scale or a higher level");
            }

            for (var limb = 0; limb <= level; limb++)
            {
                poly.Data[limb * _context.Degree + k] = ReduceInteger(scaled, _context.Moduli[limb]);
            }
        }

        for (var limb = 0; limb <= level; limb++)
        {
            _context.Ntts[limb].Forward(poly.Limb(limb));
        }

        return new Plaintext(_context.ParameterSetId, poly, level, scale);
    }

    /// <summary>The real parts of all N/2 slots.</summary>
    public double[] Decode(Plaintext plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var slots = DecodeComplex(plaintext);
        var values = new double[slots.Length];
        for (var i = 0; i < slots.Length; i++)
        {
            values[i] = slots[i].Real;
        }

        return values;
    }

    internal Complex[] DecodeComplex(Plaintext plaintext)
    {
        ParameterSetCheck.Require(plaintext.ParameterSet, _context.ParameterSetId, "the plaintext");

        var coefficients = plaintext.Poly.Clone();
        for (var limb = 0; limb <= plaintext.Level; limb++)
        {
            _context.Ntts[limb].Inverse(coefficients.Limb(limb));
        }

        var values = new double[_context.Degree];
        RnsReconstruction.ToCenteredDoubles(_context, coefficients, plaintext.Level, values);
        var inverseScale = 1.0 / plaintext.Scale;
        for (var k = 0; k < values.Length; k++)
        {
            values[k] *= inverseScale;
        }

        var slots = new Complex[_context.SlotCount];
        _transform.CoefficientsToSlots(values, slots);
        return slots;
    }

    private void CheckLevelAndScale(int level, double scale)
    {
        if (level < 0 || level > _context.MaxLevel)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, $"levels are 0 to {_context.MaxLevel}");
        }

        if (!double.IsFinite(scale) || scale < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "the scale must be a finite number ≥ 1");
        }
    }

    /// <summary>An integer-valued double (any magnitude) modulo q, without BigInteger: mantissa mod q times 2^exponent mod q.</summary>
    private static ulong ReduceInteger(double value, Arithmetic.Modulus modulus)
    {
        var magnitude = Math.Abs(value);
        ulong residue;
        if (magnitude < 9.2e18)
        {
            residue = modulus.Reduce((ulong)magnitude);
        }
        else
        {
            var bits = BitConverter.DoubleToInt64Bits(magnitude);
            var exponent = (int)((bits >> 52) & 0x7FF) - 1075;
            var mantissa = (ulong)(bits & ((1L << 52) - 1)) | (1UL << 52);
            residue = modulus.Multiply(modulus.Reduce(mantissa), modulus.Pow(2, (ulong)exponent));
        }

        return value < 0 ? modulus.Negate(residue) : residue;
    }
}
