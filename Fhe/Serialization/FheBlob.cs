namespace Aitbc.Orleans.Fhe.Serialization;

/// <summary>
/// The binary format shared by keys, ciphertexts and plans (little-endian throughout):
/// <code>
/// offset 0  4 bytes  magic "AFHE"
///        4  u16      format version (1)
///        6  u8       kind (FheBlobKind)
///        7  u8       parameter set id (CkksParameterSetId)
///        8  16 bytes key id (zero for plans)
///       24  body, by kind
/// </code>
/// Polynomials are stored in coefficient form (independent of the NTT's ordering), limb by limb, each residue in
/// exactly bitlength(q) bits, little-endian bit order; a residue ≥ q is malformed. Readers check every count and
/// length against the parameter set and the exact total length before allocating anything.
/// </summary>
public static class FheBlob
{
    public const ushort CurrentVersion = 1;

    public const int HeaderLength = 24;

    internal static ReadOnlySpan<byte> Magic => "AFHE"u8;

    /// <summary>Reads and checks the header only (magic, version, known kind and parameter set): cheap routing of untrusted bytes.</summary>
    public static FheBlobHeader Inspect(ReadOnlySpan<byte> bytes)
    {
        var reader = new FheReader(bytes);
        return reader.ReadHeader();
    }
}
