using System.Security.Cryptography;

namespace Aitbc.Orleans.Fhe.Ckks;

/// <summary>
/// The secret s: N uniform ternary coefficients, kept also in NTT form over every prime (q_0 … q_L and P). It stays
/// with the client; nothing the evaluator takes has a parameter of this type. Dispose wipes it from memory.
/// </summary>
public sealed class SecretKey : IDisposable
{
    internal SecretKey(CkksContext context, FheKeyId keyId, sbyte[] coefficients)
    {
        Context = context;
        KeyId = keyId;
        Coefficients = coefficients;
        var all = Enumerable.Range(0, context.MaxLevel + 2).ToArray();
        Ntt = Sampling.ToNtt(context, coefficients, all);
    }

    public CkksParameterSetId ParameterSet => Context.ParameterSetId;

    public FheKeyId KeyId { get; }

    internal CkksContext Context { get; }

    internal sbyte[] Coefficients { get; }

    /// <summary>s in NTT form, limbs q_0 … q_L then P.</summary>
    internal RnsPoly Ntt { get; }

    /// <summary>Whether both are the same key, in time independent of where they differ.</summary>
    public bool FixedTimeEquals(SecretKey other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var mine = ToBytes();
        var theirs = other.ToBytes();
        try
        {
            return CryptographicOperations.FixedTimeEquals(mine, theirs);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(mine);
            CryptographicOperations.ZeroMemory(theirs);
        }
    }

    /// <summary>The key as bytes (the versioned format): write them only where the owner alone can read.</summary>
    public byte[] ToBytes() => Serialization.FheSerializer.Write(this);

    public static SecretKey Parse(ReadOnlySpan<byte> bytes) => Serialization.FheSerializer.ReadSecretKey(bytes);

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Coefficients.AsSpan()));
        CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Ntt.Data.AsSpan()));
    }

    /// <summary>Never prints key material.</summary>
    public override string ToString() => $"SecretKey({KeyId})";
}
