namespace Aitbc.Orleans.Fhe.Ckks;

/// <summary>
/// The public keys an evaluator needs: the relinearization key (s² → s, for a square activation) and one Galois key
/// per rotation the computation uses, all at one level (the highest level a ciphertext they serve can have). They
/// reveal nothing about inputs and cannot decrypt; they travel with a job.
/// </summary>
public sealed class EvaluationKeys
{
    internal EvaluationKeys(CkksContext context, FheKeyId keyId, int level, KeySwitchingKey? relinearization,
        IReadOnlyDictionary<ulong, KeySwitchingKey> galois)
    {
        Context = context;
        KeyId = keyId;
        Level = level;
        Relinearization = relinearization;
        Galois = galois;
    }

    public CkksParameterSetId ParameterSet => Context.ParameterSetId;

    public FheKeyId KeyId { get; }

    /// <summary>The highest ciphertext level these keys can serve.</summary>
    public int Level { get; }

    public bool HasRelinearization => Relinearization is not null;

    /// <summary>The Galois elements (X ↦ X^g) there are keys for, ascending.</summary>
    public IReadOnlyList<ulong> GaloisElements => [.. Galois.Keys.Order()];

    internal CkksContext Context { get; }

    internal KeySwitchingKey? Relinearization { get; }

    internal IReadOnlyDictionary<ulong, KeySwitchingKey> Galois { get; }

    /// <summary>Whether there is a key for a rotation to the left by <paramref name="steps"/> slots.</summary>
    public bool CanRotate(int steps) =>
        steps % Context.SlotCount == 0 || Galois.ContainsKey(Ckks.GaloisElements.ForRotation(steps, Context.Degree));

    public byte[] ToBytes() => Serialization.FheSerializer.Write(this);

    public static EvaluationKeys Parse(ReadOnlySpan<byte> bytes) => Serialization.FheSerializer.ReadEvaluationKeys(bytes);
}
