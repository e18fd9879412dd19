using System.Buffers.Binary;
using Aitbc.Orleans.Fhe.Ckks;
using Aitbc.Orleans.Fhe.Inference;
using Aitbc.Orleans.Fhe.Serialization;
using Aitbc.Orleans.Fhe.Tests.Fixtures;

namespace Aitbc.Orleans.Fhe.Tests.Serialization;

/// <summary>The versioned binary format: round trips, sizes, and a clear error for each kind of malformed header or body.</summary>
public sealed class FormatTests(InsecureKeySet keys) : IClassFixture<InsecureKeySet>
{
    [Fact]
    public void Every_kind_round_trips_and_stays_usable()
    {
        var values = RandomVectors.Uniform(new Random(101), 8);
        var ciphertext = keys.Encryptor.Encrypt(values);
        var parsedCiphertext = Ciphertext.Parse(ciphertext.ToBytes());
        Assert.Equal((ciphertext.Level, ciphertext.Scale, ciphertext.KeyId, ciphertext.Size), (parsedCiphertext.Level, parsedCiphertext.Scale, parsedCiphertext.KeyId, parsedCiphertext.Size));
        Assert.Equal(ciphertext.ToBytes(), parsedCiphertext.ToBytes());

        using var secret = SecretKey.Parse(keys.Secret.ToBytes());
        var publicKey = PublicKey.Parse(keys.Public.ToBytes());
        var evaluation = EvaluationKeys.Parse(keys.Evaluation.ToBytes());
        Assert.Equal(keys.Evaluation.ToBytes(), evaluation.ToBytes());
        Assert.Equal(keys.Public.ToBytes(), publicKey.ToBytes());

        // Keys read back still encrypt, rotate and decrypt correctly.
        var encrypted = new Encryptor(keys.Context, publicKey).Encrypt(values);
        var rotated = new CkksEvaluator(keys.Context, evaluation).Rotate(encrypted, 1);
        var decrypted = new Decryptor(keys.Context, secret).DecryptValues(rotated);
        RandomVectors.AssertClose(values.AsSpan(1), decrypted.AsSpan(0, 7), 1e-5, 101);
    }

    [Fact]
    public void Sizes_follow_the_prime_widths()
    {
        // N = 1024, level 3: limbs of 50 + 40 + 40 + 40 bits = 170 bits per coefficient, two polynomials.
        var ciphertext = keys.Encryptor.Encrypt([1.0]);
        Assert.Equal(FheBlob.HeaderLength + 10 + 2 * 1024 * 170 / 8, ciphertext.ToBytes().Length);
        var atLevelZero = keys.Encryptor.Encrypt([1.0], level: 0);
        Assert.Equal(FheBlob.HeaderLength + 10 + 2 * 1024 * 50 / 8, atLevelZero.ToBytes().Length);
        Assert.Equal(FheBlob.HeaderLength + 1024 / 4, keys.Secret.ToBytes().Length);
        // A key-switching key: a 32-byte seed and one digit per level, each over q_0 … q_3 and P (218 bits).
        var oneKey = 32 + 4 * 1024 * 218 / 8;
        Assert.Equal(FheBlob.HeaderLength + 4 + oneKey + KeySetFixture.Rotations.Length * (4 + oneKey), keys.Evaluation.ToBytes().Length);
    }

    [Fact]
    public void Inspect_reads_the_header()
    {
        var header = FheBlob.Inspect(keys.Encryptor.Encrypt([1.0]).ToBytes());
        Assert.Equal(new FheBlobHeader(FheBlobKind.Ciphertext, 1, CkksParameterSetId.InsecureTestN1024, keys.Secret.KeyId), header);
        Assert.Equal(FheBlobKind.EvaluationKeys, FheBlob.Inspect(keys.Evaluation.ToBytes()).Kind);
    }

    [Fact]
    public void Malformed_headers_give_clear_errors()
    {
        var good = keys.Encryptor.Encrypt([1.0]).ToBytes();
        AssertRejected(good[..10], "too short");
        AssertRejected(With(good, 0, (byte)'X'), "magic");
        AssertRejected(With(good, 4, 2), "unsupported FHE format version 2");
        AssertRejected(With(good, 6, 99), "unknown FHE blob kind 99");
        AssertRejected(With(good, 7, 77), "unknown CKKS parameter set 77");
        AssertRejected(With(good, 6, (byte)FheBlobKind.PublicKey), "a public key takes exactly", b => PublicKey.Parse(b));
        AssertRejected(good, "expected a public key, got a ciphertext", b => PublicKey.Parse(b));
    }

    [Fact]
    public void Malformed_ciphertext_bodies_give_clear_errors()
    {
        var good = keys.Encryptor.Encrypt([1.0]).ToBytes();
        AssertRejected(With(good, 24, 9), "level 9");
        AssertRejected(With(good, 25, 4), "2 or 3 polynomials");
        AssertRejected(WithDouble(good, 26, double.NaN), "scale");
        AssertRejected(WithDouble(good, 26, 0.5), "scale");
        AssertRejected(WithDouble(good, 26, Math.Pow(2, 200)), "scale");
        AssertRejected(good[..^1], "takes exactly");
        AssertRejected([.. good, 0], "takes exactly");
        // The first coefficient set to all ones (2^50 − 1 ≥ q_0).
        var unreduced = (byte[])good.Clone();
        unreduced.AsSpan(34, 6).Fill(0xFF);
        unreduced[40] |= 0x03;
        AssertRejected(unreduced, "not reduced");
    }

    [Fact]
    public void Malformed_key_bodies_give_clear_errors()
    {
        var secret = keys.Secret.ToBytes();
        secret[24] = 0b10;
        Assert.Contains("invalid code", Assert.Throws<FheFormatException>(() => SecretKey.Parse(secret)).Message, StringComparison.Ordinal);

        var publicKey = keys.Public.ToBytes();
        Assert.Contains("top level", Assert.Throws<FheFormatException>(() => PublicKey.Parse(With(publicKey, 24, 1))).Message, StringComparison.Ordinal);

        var evaluation = keys.Evaluation.ToBytes();
        Assert.Contains("flags", Assert.Throws<FheFormatException>(() => EvaluationKeys.Parse(With(evaluation, 25, 3))).Message, StringComparison.Ordinal);
        var huge = (byte[])evaluation.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(huge.AsSpan(26), ushort.MaxValue);
        Assert.Contains("automorphisms", Assert.Throws<FheFormatException>(() => EvaluationKeys.Parse(huge)).Message, StringComparison.Ordinal);
        BinaryPrimitives.WriteUInt16LittleEndian(huge.AsSpan(26), 500);
        Assert.Contains("takes exactly", Assert.Throws<FheFormatException>(() => EvaluationKeys.Parse(huge)).Message, StringComparison.Ordinal);

        // Galois elements: the first one (after the relinearization key) set to an even number, then to the second's value.
        var firstElement = FheBlob.HeaderLength + 4 + 32 + 4 * 1024 * 218 / 8;
        var even = (byte[])evaluation.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(even.AsSpan(firstElement), 6);
        Assert.Contains("not a Galois element", Assert.Throws<FheFormatException>(() => EvaluationKeys.Parse(even)).Message, StringComparison.Ordinal);
        var secondElement = firstElement + 4 + 32 + 4 * 1024 * 218 / 8;
        var repeated = (byte[])evaluation.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(repeated.AsSpan(secondElement), BinaryPrimitives.ReadUInt32LittleEndian(evaluation.AsSpan(firstElement)));
        Assert.Contains("ascending", Assert.Throws<FheFormatException>(() => EvaluationKeys.Parse(repeated)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_plans_give_clear_errors()
    {
        var plan = DemoPlans.SquareMlp(CkksParameters.InsecureTest, 7).ToBytes();
        Assert.Contains("unknown layer type", Assert.Throws<FheFormatException>(() => EncryptedPlan.Parse(With(plan, 34, 9))).Message, StringComparison.Ordinal);
        Assert.Contains("1 to 64 layers", Assert.Throws<FheFormatException>(() => EncryptedPlan.Parse(With(plan, 33, 0))).Message, StringComparison.Ordinal);
        Assert.Contains("key id must be zero", Assert.Throws<FheFormatException>(() => EncryptedPlan.Parse(With(plan, 8, 1))).Message, StringComparison.Ordinal);
        var wide = (byte[])plan.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(wide.AsSpan(35), 60000);
        Assert.Contains("each dimension", Assert.Throws<FheFormatException>(() => EncryptedPlan.Parse(wide)).Message, StringComparison.Ordinal);
        var tall = (byte[])plan.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(tall.AsSpan(35), 500);
        Assert.Contains("truncated plan", Assert.Throws<FheFormatException>(() => EncryptedPlan.Parse(tall)).Message, StringComparison.Ordinal);
        var nan = WithDouble(plan, 39, double.NaN);
        Assert.Contains("finite", Assert.Throws<FheFormatException>(() => EncryptedPlan.Parse(nan)).Message, StringComparison.Ordinal);
        Assert.Contains("not valid", Assert.Throws<FheFormatException>(() => EncryptedPlan.Parse(WithDouble(plan, 25, 1e6))).Message, StringComparison.Ordinal);
    }

    private static byte[] With(byte[] bytes, int at, byte value)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] = value;
        return copy;
    }

    private static byte[] WithDouble(byte[] bytes, int at, double value)
    {
        var copy = (byte[])bytes.Clone();
        BinaryPrimitives.WriteDoubleLittleEndian(copy.AsSpan(at), value);
        return copy;
    }

    private static void AssertRejected(byte[] bytes, string reason, Func<byte[], object>? parse = null)
    {
        var error = Assert.Throws<FheFormatException>(() => (parse ?? (b => Ciphertext.Parse(b)))(bytes));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
