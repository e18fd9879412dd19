using System.Buffers.Binary;
using Aitbc.Orleans.Fhe.Arithmetic;
using Aitbc.Orleans.Fhe.Ckks;

namespace Aitbc.Orleans.Fhe.Serialization;

/// <summary>A bounds-checked cursor over untrusted bytes: every read that would run past the end is a <see cref="FheFormatException"/>.</summary>
internal ref struct FheReader(ReadOnlySpan<byte> bytes)
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;
    private int _position;

    public readonly int Length => _bytes.Length;

    public readonly int Remaining => _bytes.Length - _position;

    public FheBlobHeader ReadHeader()
    {
        if (_bytes.Length < FheBlob.HeaderLength)
        {
            throw new FheFormatException($"{_bytes.Length} bytes are too short for an FHE blob header ({FheBlob.HeaderLength} bytes)");
        }

        if (!ReadBytes(4).SequenceEqual(FheBlob.Magic))
        {
            throw new FheFormatException("not an FHE blob: the magic bytes \"AFHE\" are missing");
        }

        var version = ReadUInt16();
        if (version != FheBlob.CurrentVersion)
        {
            throw new FheFormatException($"unsupported FHE format version {version}; this library reads version {FheBlob.CurrentVersion}");
        }

        var kind = ReadByte();
        if (!Enum.IsDefined((FheBlobKind)kind))
        {
            throw new FheFormatException($"unknown FHE blob kind {kind}");
        }

        var parameterId = ReadByte();
        if (CkksParameters.TryFromId(parameterId) is null)
        {
            throw new FheFormatException($"unknown CKKS parameter set {parameterId}");
        }

        var keyId = FheKeyId.Read(ReadBytes(FheKeyId.ByteLength));
        return new FheBlobHeader((FheBlobKind)kind, version, (CkksParameterSetId)parameterId, keyId);
    }

    /// <summary>The header, which must be of <paramref name="expected"/> kind.</summary>
    public FheBlobHeader ReadHeader(FheBlobKind expected)
    {
        var header = ReadHeader();
        if (header.Kind != expected)
        {
            throw new FheFormatException($"expected {Describe(expected)}, got {Describe(header.Kind)}");
        }

        return header;
    }

    public byte ReadByte() => ReadBytes(1)[0];

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(ReadBytes(8));

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new FheFormatException($"truncated FHE blob: {count} more bytes expected at offset {_position}, {Remaining} left");
        }

        var slice = _bytes.Slice(_position, count);
        _position += count;
        return slice;
    }

    /// <summary>The whole blob must be exactly <paramref name="expected"/> bytes (checked before the body is allocated).</summary>
    public readonly void RequireTotalLength(long expected, string what)
    {
        if (_bytes.Length != expected)
        {
            throw new FheFormatException($"{what} takes exactly {expected} bytes, the blob has {_bytes.Length}");
        }
    }

    public readonly void RequireEnd()
    {
        if (Remaining != 0)
        {
            throw new FheFormatException($"{Remaining} unexpected bytes after the end of the FHE blob");
        }
    }

    /// <summary>Reads a packed limb into <paramref name="destination"/> (coefficient form), refusing residues ≥ q.</summary>
    public void ReadPackedLimb(Span<ulong> destination, Modulus modulus)
    {
        var width = modulus.BitCount;
        var packed = ReadBytes(PolyPacking.PackedLimbBytes(destination.Length, width));
        if (!PolyPacking.Unpack(packed, destination, width, modulus.Value))
        {
            throw new FheFormatException($"a coefficient is not reduced modulo the {width}-bit prime {modulus.Value}");
        }
    }

    private static string Describe(FheBlobKind kind) => kind switch
    {
        FheBlobKind.SecretKey => "a secret key",
        FheBlobKind.PublicKey => "a public key",
        FheBlobKind.EvaluationKeys => "evaluation keys",
        FheBlobKind.Ciphertext => "a ciphertext",
        FheBlobKind.EncryptedPlan => "an encrypted-evaluation plan",
        _ => $"kind {(byte)kind}",
    };
}
