namespace Aitbc.Orleans.Fhe.Ckks;

/// <summary>
/// The encryption key (b, a) = (−a·s + e, a) over q_0 … q_L, with a expanded from a public seed (label 0) so that only
/// b and the seed are stored.
/// </summary>
public sealed class PublicKey
{
    internal PublicKey(CkksContext context, FheKeyId keyId, byte[] seed, RnsPoly b)
    {
        Context = context;
        KeyId = keyId;
        Seed = seed;
        B = b;
        A = KeyExpansion.UniformNtt(context, seed, 0, Enumerable.Range(0, context.MaxLevel + 1).ToArray());
    }

    public CkksParameterSetId ParameterSet => Context.ParameterSetId;

    public FheKeyId KeyId { get; }

    internal CkksContext Context { get; }

    internal byte[] Seed { get; }

    internal RnsPoly B { get; }

    internal RnsPoly A { get; }

    public byte[] ToBytes() => Serialization.FheSerializer.Write(this);

    public static PublicKey Parse(ReadOnlySpan<byte> bytes) => Serialization.FheSerializer.ReadPublicKey(bytes);
}
