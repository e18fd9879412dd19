namespace Aitbc.Orleans.Fhe.Ckks;

/// <summary>Decryption with the secret key: c_0 + c_1·s (+ c_2·s²), then decoding. Client side only.</summary>
public sealed class Decryptor
{
    private readonly CkksContext _context;
    private readonly SecretKey _secretKey;

    public Decryptor(CkksContext context, SecretKey secretKey)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(secretKey);
        ParameterSetCheck.Require(secretKey.ParameterSet, context.ParameterSetId, "the secret key");

        _context = context;
        _secretKey = secretKey;
    }

    public Plaintext Decrypt(Ciphertext ciphertext)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        ParameterSetCheck.Require(ciphertext.ParameterSet, _context.ParameterSetId, "the ciphertext");

        if (ciphertext.KeyId != _secretKey.KeyId)
        {
            throw new FheKeyException($"the ciphertext is encrypted under key set {ciphertext.KeyId}, not this secret key's {_secretKey.KeyId}");
        }

        var limbs = ciphertext.Level + 1;
        var result = ciphertext.Polys[^1].Clone();
        for (var i = ciphertext.Size - 2; i >= 0; i--)
        {
            // Horner in s: (… (c_last·s + c_(last−1))·s + …) + c_0.
            PolyArithmetic.Multiply(_context, result, _secretKey.Ntt, result, limbs);
            PolyArithmetic.Add(_context, result, ciphertext.Polys[i], result, limbs);
        }

        return new Plaintext(_context.ParameterSetId, result, ciphertext.Level, ciphertext.Scale);
    }

    /// <summary>Decrypts and decodes: the real parts of all N/2 slots.</summary>
    public double[] DecryptValues(Ciphertext ciphertext) => _context.Encoder.Decode(Decrypt(ciphertext));
}
