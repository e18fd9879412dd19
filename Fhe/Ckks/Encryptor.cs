using System.Security.Cryptography;
using System.Runtime.InteropServices;

namespace Aitbc.Orleans.Fhe.Ckks;

/// <summary>Public-key encryption: (b·u + e_0 + m, a·u + e_1) with a fresh ternary u and binomial errors e_0, e_1.</summary>
public sealed class Encryptor
{
    private readonly CkksContext _context;
    private readonly PublicKey _publicKey;

    public Encryptor(CkksContext context, PublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(publicKey);
        ParameterSetCheck.Require(publicKey.ParameterSet, context.ParameterSetId, "the public key");

        _context = context;
        _publicKey = publicKey;
    }

    public Ciphertext Encrypt(Plaintext plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ParameterSetCheck.Require(plaintext.ParameterSet, _context.ParameterSetId, "the plaintext");

        var n = _context.Degree;
        var limbs = plaintext.Level + 1;
        var moduli = Enumerable.Range(0, limbs).ToArray();
        var small = new sbyte[n];
        Sampling.Ternary(small);
        var u = Sampling.ToNtt(_context, small, moduli);
        Sampling.CenteredBinomial(small);
        var c0 = Sampling.ToNtt(_context, small, moduli);
        Sampling.CenteredBinomial(small);
        var c1 = Sampling.ToNtt(_context, small, moduli);
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(small.AsSpan()));
        PolyArithmetic.MultiplyAdd(_context, _publicKey.B, u, c0, limbs);
        PolyArithmetic.Add(_context, c0, plaintext.Poly, c0, limbs);
        PolyArithmetic.MultiplyAdd(_context, _publicKey.A, u, c1, limbs);
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(u.Data.AsSpan()));
        return new Ciphertext(_context.ParameterSetId, _publicKey.KeyId, [c0, c1], plaintext.Level, plaintext.Scale);
    }

    /// <summary>Encodes and encrypts up to N/2 values at <paramref name="level"/> (default: the top) and the default scale.</summary>
    public Ciphertext Encrypt(ReadOnlySpan<double> values, int? level = null, double? scale = null) =>
        Encrypt(_context.Encoder.Encode(values, level ?? _context.MaxLevel, scale ?? _context.Parameters.DefaultScale));
}
