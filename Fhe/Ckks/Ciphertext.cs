namespace Aitbc.Orleans.Fhe.Ckks;

/// <summary>
/// A CKKS ciphertext: two polynomials (three right after a ciphertext–ciphertext product, before relinearization) in
/// NTT form over q_0 … q_Level, such that c_0 + c_1·s (+ c_2·s²) ≈ Δ·m. <see cref="Level"/> counts the rescalings left;
/// <see cref="Scale"/> is the exact Δ the values are multiplied by. Immutable: every operation returns a new one.
/// </summary>
public sealed class Ciphertext
{
    internal Ciphertext(CkksParameterSetId parameterSet, FheKeyId keyId, RnsPoly[] polys, int level, double scale)
    {
        ParameterSet = parameterSet;
        KeyId = keyId;
        Polys = polys;
        Level = level;
        Scale = scale;
    }

    public CkksParameterSetId ParameterSet { get; }

    /// <summary>The key set it is encrypted under.</summary>
    public FheKeyId KeyId { get; }

    public int Level { get; }

    public double Scale { get; }

    /// <summary>2, or 3 after a ciphertext–ciphertext product that has not been relinearized.</summary>
    public int Size => Polys.Length;

    internal RnsPoly[] Polys { get; }

    public byte[] ToBytes() => Serialization.FheSerializer.Write(this);

    /// <summary>Parses bytes from <see cref="ToBytes"/>; throws <see cref="FheFormatException"/> on anything malformed.</summary>
    public static Ciphertext Parse(ReadOnlySpan<byte> bytes) => Serialization.FheSerializer.ReadCiphertext(bytes);
}
