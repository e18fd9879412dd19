using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Aitbc.Orleans.Fhe.Arithmetic;

/// <summary>
/// The negacyclic number-theoretic transform over Z_q[X]/(X^N + 1): a(X) ↦ (a(ψ^(2·rev(i)+1)))_i for the canonical
/// primitive 2N-th root ψ (<see cref="NttPrimes.MinimalPrimitiveRoot"/>), so a product modulo X^N + 1 becomes a
/// pointwise product. Forward: Cooley–Tukey butterflies on natural-order input, output in bit-reversed order; inverse:
/// Gentleman–Sande, back to natural order (Longa–Naehrig's formulation, which folds the ψ^i twist into the twiddles).
/// Butterflies use Shoup multiplication with precomputed companions and Harvey's lazy reduction (values kept in
/// [0, 4q) forward and [0, 2q) inverse, reduced once at the end).
/// </summary>
public sealed class NegacyclicNtt
{
    private readonly ulong[] _roots;
    private readonly ulong[] _rootsShoup;
    private readonly ulong[] _inverseRoots;
    private readonly ulong[] _inverseRootsShoup;
    private readonly ulong _inverseDegree;
    private readonly ulong _inverseDegreeShoup;

    public NegacyclicNtt(Modulus modulus, int degree)
    {
        ArgumentNullException.ThrowIfNull(modulus);
        if (degree < 2 || !BitOperations.IsPow2(degree))
        {
            throw new ArgumentOutOfRangeException(nameof(degree), degree, "the degree must be a power of two ≥ 2");
        }

        Modulus = modulus;
        Degree = degree;
        LogDegree = BitOperations.Log2((uint)degree);
        Psi = NttPrimes.MinimalPrimitiveRoot(modulus.Value, degree);
        var psiInverse = modulus.Inverse(Psi);
        _roots = new ulong[degree];
        _rootsShoup = new ulong[degree];
        _inverseRoots = new ulong[degree];
        _inverseRootsShoup = new ulong[degree];
        ulong power = 1, inversePower = 1;
        for (var i = 0; i < degree; i++)
        {
            var at = (int)BitReverse((uint)i, LogDegree);
            _roots[at] = power;
            _rootsShoup[at] = modulus.ShoupPrecompute(power);
            _inverseRoots[at] = inversePower;
            _inverseRootsShoup[at] = modulus.ShoupPrecompute(inversePower);
            power = modulus.Multiply(power, Psi);
            inversePower = modulus.Multiply(inversePower, psiInverse);
        }

        _inverseDegree = modulus.Inverse((ulong)degree);
        _inverseDegreeShoup = modulus.ShoupPrecompute(_inverseDegree);
    }

    public Modulus Modulus { get; }

    public int Degree { get; }

    public int LogDegree { get; }

    /// <summary>The primitive 2N-th root of unity the transform evaluates at.</summary>
    public ulong Psi { get; }

    /// <summary>Which odd power of ψ output slot <paramref name="index"/> evaluates at: 2·rev(index) + 1.</summary>
    public static int EvaluationExponent(int index, int logDegree) => 2 * (int)BitReverse((uint)index, logDegree) + 1;

    /// <summary>In place: coefficients in [0, q) to evaluations in [0, q), bit-reversed order.</summary>
    public void Forward(Span<ulong> values)
    {
        if (values.Length != Degree)
        {
            throw new ArgumentException($"expected {Degree} values", nameof(values));
        }

        var q = Modulus.Value;
        var twoQ = 2 * q;
        ref var a = ref MemoryMarshal.GetReference(values);
        ref var w = ref MemoryMarshal.GetArrayDataReference(_roots);
        ref var wShoup = ref MemoryMarshal.GetArrayDataReference(_rootsShoup);
        var t = Degree;
        for (var m = 1; m < Degree; m <<= 1)
        {
            t >>= 1;
            for (var i = 0; i < m; i++)
            {
                var root = Unsafe.Add(ref w, m + i);
                var rootShoup = Unsafe.Add(ref wShoup, m + i);
                ref var x = ref Unsafe.Add(ref a, 2 * i * t);
                ref var y = ref Unsafe.Add(ref x, t);
                for (var j = 0; j < t; j++)
                {
                    var u = Unsafe.Add(ref x, j);
                    u = Modulus.ReduceOnce(u, twoQ);

                    var v = Modulus.MultiplyShoupLazy(Unsafe.Add(ref y, j), root, rootShoup, q);
                    Unsafe.Add(ref x, j) = u + v;
                    Unsafe.Add(ref y, j) = u - v + twoQ;
                }
            }
        }

        for (var j = 0; j < Degree; j++)
        {
            var u = Unsafe.Add(ref a, j);
            u = Modulus.ReduceOnce(u, twoQ);
            Unsafe.Add(ref a, j) = Modulus.ReduceOnce(u, q);
        }
    }

    /// <summary>In place: evaluations in [0, q), bit-reversed order, back to coefficients in [0, q).</summary>
    public void Inverse(Span<ulong> values)
    {
        if (values.Length != Degree)
        {
            throw new ArgumentException($"expected {Degree} values", nameof(values));
        }

        var q = Modulus.Value;
        var twoQ = 2 * q;
        ref var a = ref MemoryMarshal.GetReference(values);
        ref var w = ref MemoryMarshal.GetArrayDataReference(_inverseRoots);
        ref var wShoup = ref MemoryMarshal.GetArrayDataReference(_inverseRootsShoup);
        var t = 1;
        for (var m = Degree; m > 1; m >>= 1)
        {
            var h = m >> 1;
            for (var i = 0; i < h; i++)
            {
                var root = Unsafe.Add(ref w, h + i);
                var rootShoup = Unsafe.Add(ref wShoup, h + i);
                ref var x = ref Unsafe.Add(ref a, 2 * i * t);
                ref var y = ref Unsafe.Add(ref x, t);
                for (var j = 0; j < t; j++)
                {
                    var u = Unsafe.Add(ref x, j);
                    var v = Unsafe.Add(ref y, j);
                    var sum = u + v;
                    Unsafe.Add(ref x, j) = Modulus.ReduceOnce(sum, twoQ);
                    Unsafe.Add(ref y, j) = Modulus.MultiplyShoupLazy(u - v + twoQ, root, rootShoup, q);
                }
            }

            t <<= 1;
        }

        for (var j = 0; j < Degree; j++)
        {
            Unsafe.Add(ref a, j) = Modulus.MultiplyShoup(Unsafe.Add(ref a, j), _inverseDegree, _inverseDegreeShoup, q);
        }
    }

    internal static uint BitReverse(uint value, int bits) => bits == 0 ? 0 : ReverseBits(value) >> (32 - bits);

    private static uint ReverseBits(uint v)
    {
        v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
        v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
        v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
        v = ((v >> 8) & 0x00FF00FFu) | ((v & 0x00FF00FFu) << 8);
        return (v >> 16) | (v << 16);
    }
}
