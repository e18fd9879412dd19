using System.Collections.Concurrent;
using System.Numerics;
using Aitbc.Orleans.Fhe.Arithmetic;

namespace Aitbc.Orleans.Fhe.Ckks;

/// <summary>
/// Everything precomputed for one parameter set: the primes with their Barrett constants, one NTT per prime, the
/// constants for rescaling, key switching and CRT reconstruction, the slot encoder and the Galois permutations. Built
/// once per set (<see cref="For"/>) and shared; immutable after construction, so safe across threads.
/// </summary>
public sealed class CkksContext
{
    private static readonly ConcurrentDictionary<CkksParameterSetId, Lazy<CkksContext>> Contexts = new();

    private readonly ConcurrentDictionary<ulong, int[]> _galoisPermutations = new();

    private CkksContext(CkksParameters parameters)
    {
        Parameters = parameters;
        Degree = parameters.PolyDegree;
        LogDegree = BitOperations.Log2((uint)Degree);
        var primes = parameters.CiphertextPrimes.Append(parameters.SpecialPrime).ToArray();
        if (primes.Distinct().Count() != primes.Length)
        {
            throw new ArgumentException("the primes of a parameter set must be distinct", nameof(parameters));
        }

        Moduli = new Modulus[primes.Length];
        Ntts = new NegacyclicNtt[primes.Length];
        for (var i = 0; i < primes.Length; i++)
        {
            if (!NttPrimes.IsPrime(primes[i]) || (primes[i] - 1) % (2UL * (ulong)Degree) != 0)
            {
                throw new ArgumentException($"{primes[i]} is not a prime ≡ 1 mod 2N", nameof(parameters));
            }

            Moduli[i] = new Modulus(primes[i]);
            Ntts[i] = new NegacyclicNtt(Moduli[i], Degree);
        }

        var special = Moduli[SpecialIndex];
        SpecialModQ = new ulong[MaxLevel + 1];
        SpecialInverseModQ = new ulong[MaxLevel + 1];
        for (var i = 0; i <= MaxLevel; i++)
        {
            SpecialModQ[i] = Moduli[i].Reduce(special.Value);
            SpecialInverseModQ[i] = Moduli[i].Inverse(SpecialModQ[i]);
        }

        // RescaleInverse[l][j] = q_l^{-1} mod q_j for j < l.
        RescaleInverse = new ulong[MaxLevel + 1][];
        for (var l = 0; l <= MaxLevel; l++)
        {
            RescaleInverse[l] = new ulong[l];
            for (var j = 0; j < l; j++)
            {
                RescaleInverse[l][j] = Moduli[j].Inverse(Moduli[j].Reduce(Moduli[l].Value));
            }
        }

        // Garner's mixed-radix reconstruction: PrefixProductMod[i][k] = q_0 ⋯ q_{k-1} mod q_i (k < i) and
        // PrefixInverse[i] = (q_0 ⋯ q_{i-1})^{-1} mod q_i.
        PrefixProductMod = new ulong[MaxLevel + 1][];
        PrefixInverse = new ulong[MaxLevel + 1];
        for (var i = 0; i <= MaxLevel; i++)
        {
            PrefixProductMod[i] = new ulong[i];
            ulong product = 1;
            for (var k = 0; k < i; k++)
            {
                PrefixProductMod[i][k] = product;
                product = Moduli[i].Multiply(product, Moduli[i].Reduce(Moduli[k].Value));
            }

            PrefixInverse[i] = i == 0 ? 1 : Moduli[i].Inverse(product);
        }

        LogModulusAtLevel = new double[MaxLevel + 1];
        var log = 0.0;
        for (var i = 0; i <= MaxLevel; i++)
        {
            log += Math.Log2(Moduli[i].Value);
            LogModulusAtLevel[i] = log;
        }

        Encoder = new CkksEncoder(this);
    }

    public CkksParameters Parameters { get; }

    public CkksParameterSetId ParameterSetId => Parameters.Id;

    public int Degree { get; }

    public int LogDegree { get; }

    public int SlotCount => Degree / 2;

    public int MaxLevel => Parameters.MaxLevel;

    public CkksEncoder Encoder { get; }

    /// <summary>q_0 … q_L, then P at <see cref="SpecialIndex"/>.</summary>
    internal Modulus[] Moduli { get; }

    internal NegacyclicNtt[] Ntts { get; }

    internal int SpecialIndex => MaxLevel + 1;

    internal ulong[] SpecialModQ { get; }

    internal ulong[] SpecialInverseModQ { get; }

    internal ulong[][] RescaleInverse { get; }

    internal ulong[][] PrefixProductMod { get; }

    internal ulong[] PrefixInverse { get; }

    /// <summary>log2(q_0 ⋯ q_ℓ) for each level ℓ.</summary>
    internal double[] LogModulusAtLevel { get; }

    /// <summary>Polynomial work is split over RNS limbs when N is at least this large (smaller rings cost less than a thread hop).</summary>
    internal const int ParallelDegreeThreshold = 4096;

    public static CkksContext For(CkksParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return Contexts.GetOrAdd(parameters.Id, _ => new Lazy<CkksContext>(() => new CkksContext(parameters))).Value;
    }

    public static CkksContext For(CkksParameterSetId id) => For(CkksParameters.FromId(id));

    /// <summary>log2 of the ciphertext modulus at a level: the room a value times its scale must stay below (halved for the sign).</summary>
    public double LogModulus(int level) => LogModulusAtLevel[level];

    /// <summary>
    /// The permutation of NTT slots that applies X ↦ X^g: slot i of the result is slot perm[i] of the input. Slot i
    /// evaluates at ψ^(e_i), so a(X^g) there is a at ψ^(g·e_i), the slot whose exponent is g·e_i mod 2N.
    /// </summary>
    internal int[] GaloisPermutation(ulong galoisElement) => _galoisPermutations.GetOrAdd(galoisElement, g =>
    {
        var twoN = 2 * Degree;
        var slotOfExponent = new int[twoN];
        for (var i = 0; i < Degree; i++)
        {
            slotOfExponent[NegacyclicNtt.EvaluationExponent(i, LogDegree)] = i;
        }

        var permutation = new int[Degree];
        for (var i = 0; i < Degree; i++)
        {
            var e = (ulong)NegacyclicNtt.EvaluationExponent(i, LogDegree);
            permutation[i] = slotOfExponent[(int)(e * g % (ulong)twoN)];
        }

        return permutation;
    });

    /// <summary>Runs body(limb) for each limb, in parallel when the ring is large enough for it to pay.</summary>
    internal void ForEachLimb(int count, Action<int> body)
    {
        if (count > 1 && Degree >= ParallelDegreeThreshold && Environment.ProcessorCount > 1)
        {
            Parallel.For(0, count, body);
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                body(i);
            }
        }
    }
}
