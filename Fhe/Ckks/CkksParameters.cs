using Aitbc.Orleans.Fhe.Arithmetic;

namespace Aitbc.Orleans.Fhe.Ckks;

/// <summary>
/// A CKKS parameter set: ring degree N, the ciphertext modulus chain q_0 … q_L (q_0 the base prime that holds the
/// result, q_1 … q_L the rescaling primes, each close to the default scale), and the special prime P used only inside
/// key switching. The primes are fixed constants, found with <see cref="NttPrimes.FindBelow"/> and checked by the tests:
/// they are part of the wire format.
/// </summary>
public sealed class CkksParameters
{
    private CkksParameters(CkksParameterSetId id, string name, int polyDegree, ulong[] ciphertextPrimes, ulong specialPrime,
        double defaultScale, bool isSecure)
    {
        Id = id;
        Name = name;
        PolyDegree = polyDegree;
        CiphertextPrimes = ciphertextPrimes;
        SpecialPrime = specialPrime;
        DefaultScale = defaultScale;
        IsSecure = isSecure;
    }

    /// <summary>
    /// N = 8192, q_0 of 50 bits, three 40-bit rescaling primes, a 48-bit special prime: log2(QP) = 217.99999 ≤ 218, the
    /// 128-bit classical bound for a ternary secret at N = 8192 in the HomomorphicEncryption.org Security Standard v1.1
    /// (2018). Three levels (enough for dense → square → dense); 4096 slots; scale 2^40.
    /// </summary>
    public static CkksParameters Standard128 { get; } = new(
        CkksParameterSetId.Standard128N8192, "CKKS N=8192 logQP=218 (128-bit classical, ternary secret)", 8192,
        [1125899906826241UL, 1099511480321UL, 1099510890497UL, 1099510824961UL], 281474976694273UL, Math.Pow(2, 40), isSecure: true);

    /// <summary>
    /// N = 1024 with the same 218-bit chain shape. NOT SECURE: at N = 1024 the standard allows 27 bits of modulus for
    /// 128-bit security. It exists so tests run quickly; never use it for data.
    /// </summary>
    public static CkksParameters InsecureTest { get; } = new(
        CkksParameterSetId.InsecureTestN1024, "CKKS N=1024 logQP=218 (INSECURE, tests only)", 1024,
        [1125899906826241UL, 1099511592961UL, 1099511590913UL, 1099511560193UL], 281474976694273UL, Math.Pow(2, 40), isSecure: false);

    public CkksParameterSetId Id { get; }

    public string Name { get; }

    /// <summary>N, the ring degree (a power of two).</summary>
    public int PolyDegree { get; }

    /// <summary>q_0 … q_L.</summary>
    public IReadOnlyList<ulong> CiphertextPrimes { get; }

    /// <summary>P, the key-switching prime (at least as large as every q_i but q_0, so key switching adds little noise).</summary>
    public ulong SpecialPrime { get; }

    /// <summary>Δ, the scale fresh encodings use.</summary>
    public double DefaultScale { get; }

    /// <summary>Whether the set meets 128-bit security; production code refuses sets where this is false.</summary>
    public bool IsSecure { get; }

    /// <summary>L: the number of rescalings a fresh ciphertext at the top level can take.</summary>
    public int MaxLevel => CiphertextPrimes.Count - 1;

    /// <summary>N/2 complex slots.</summary>
    public int SlotCount => PolyDegree / 2;

    /// <summary>log2 of Q·P, the modulus the security estimate is about.</summary>
    public double LogTotalModulus => CiphertextPrimes.Sum(q => Math.Log2(q)) + Math.Log2(SpecialPrime);

    public static IReadOnlyList<CkksParameters> All { get; } = [Standard128, InsecureTest];

    public static CkksParameters FromId(CkksParameterSetId id) =>
        TryFromId((byte)id) ?? throw new ArgumentOutOfRangeException(nameof(id), id, "unknown CKKS parameter set");

    public static CkksParameters? TryFromId(byte id) => All.FirstOrDefault(p => (byte)p.Id == id);

    public override string ToString() => Name;
}
