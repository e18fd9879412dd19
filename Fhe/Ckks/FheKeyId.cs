using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Aitbc.Orleans.Fhe.Ckks;

/// <summary>
/// A random 128-bit label drawn with the secret key and stamped on every key and ciphertext made from it, so that a
/// ciphertext and evaluation keys from different key sets are refused with a clear error instead of decrypting to noise.
/// It is not derived from the secret and reveals nothing about it.
/// </summary>
public readonly record struct FheKeyId(UInt128 Value)
{
    public const int ByteLength = 16;

    public static FheKeyId NewRandom()
    {
        Span<byte> bytes = stackalloc byte[ByteLength];
        RandomNumberGenerator.Fill(bytes);
        return Read(bytes);
    }

    public static FheKeyId Read(ReadOnlySpan<byte> bytes) => new(BinaryPrimitives.ReadUInt128LittleEndian(bytes));

    public void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt128LittleEndian(destination, Value);

    public override string ToString() => Value.ToString("x32", CultureInfo.InvariantCulture);
}
