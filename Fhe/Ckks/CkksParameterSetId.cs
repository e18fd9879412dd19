namespace Aitbc.Orleans.Fhe.Ckks;

/// <summary>
/// The parameter sets this library knows, by the byte every serialized key and ciphertext carries. An id is never
/// reused for different numbers: changing a prime or the degree means a new id.
/// </summary>
public enum CkksParameterSetId : byte
{
    /// <summary>N = 8192, log2(QP) ≤ 218: 128-bit classical security for a ternary secret (HomomorphicEncryption.org standard).</summary>
    Standard128N8192 = 1,

    /// <summary>N = 1024 with the same 218-bit modulus chain: NOT SECURE (the standard allows 27 bits at N = 1024). Tests only.</summary>
    InsecureTestN1024 = 2,
}
