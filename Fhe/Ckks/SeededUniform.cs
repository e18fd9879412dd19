using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Aitbc.Orleans.Fhe.Ckks;

/// <summary>
/// Expands a public 32-byte seed into uniform polynomials, so keys can ship the seed instead of their uniform "a"
/// halves (half the size). AES-256 in counter mode is the generator: block i is AES_seed(stream ‖ i) for a 64-bit
/// stream label and a 64-bit counter. Uniform residues by rejection: 64-bit words masked to the bit length of q,
/// kept when below q. Values are coefficients (the format is independent of the NTT's ordering); callers transform.
/// </summary>
internal sealed class SeededUniform : IDisposable
{
    public const int SeedLength = 32;
    private const int BlockSize = 16;
    private const int BlocksPerRefill = 512;

    private readonly Aes _aes;
    private readonly byte[] _counterBlocks = new byte[BlockSize * BlocksPerRefill];
    private readonly byte[] _stream = new byte[BlockSize * BlocksPerRefill];
    private readonly ulong _label;
    private ulong _counter;
    private int _position;

    public SeededUniform(ReadOnlySpan<byte> seed, ulong label)
    {
        if (seed.Length != SeedLength)
        {
            throw new ArgumentException($"a seed is {SeedLength} bytes", nameof(seed));
        }

        _aes = Aes.Create();
        _aes.Key = seed.ToArray();
        _label = label;
        _position = _stream.Length;
    }

    public static byte[] NewSeed() => RandomNumberGenerator.GetBytes(SeedLength);

    /// <summary>Fills <paramref name="destination"/> with residues uniform in [0, q).</summary>
    public void Fill(Span<ulong> destination, ulong q)
    {
        var bits = 64 - System.Numerics.BitOperations.LeadingZeroCount(q);
        var mask = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        for (var i = 0; i < destination.Length;)
        {
            var candidate = NextWord() & mask;
            if (candidate < q)
            {
                destination[i++] = candidate;
            }
        }
    }

    private ulong NextWord()
    {
        if (_position == _stream.Length)
        {
            for (var b = 0; b < BlocksPerRefill; b++)
            {
                var block = _counterBlocks.AsSpan(b * BlockSize, BlockSize);
                BinaryPrimitives.WriteUInt64LittleEndian(block, _label);
                BinaryPrimitives.WriteUInt64LittleEndian(block[8..], _counter++);
            }

            _aes.EncryptEcb(_counterBlocks, _stream, PaddingMode.None);
            _position = 0;
        }

        var word = BinaryPrimitives.ReadUInt64LittleEndian(_stream.AsSpan(_position, 8));
        _position += 8;
        return word;
    }

    public void Dispose() => _aes.Dispose();
}
