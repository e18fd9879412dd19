using System.Buffers.Binary;
using System.Diagnostics;
using Aitbc.Orleans.Fhe.Ckks;
using Aitbc.Orleans.Fhe.Inference;
using Aitbc.Orleans.Fhe.Tests.Fixtures;

namespace Aitbc.Orleans.Fhe.Tests.Serialization;

/// <summary>
/// Seeded mutation fuzzing of every parser (ciphertexts, secret, public and evaluation keys, plans), bounded in time
/// (about 1.5 s per target, under 10 s in all) and in iterations. Each mutated blob goes through every parser, and each
/// parser must either refuse it with <see cref="FheFormatException"/> or accept it — and then the blob must be the
/// canonical encoding of what was parsed (writing it back gives the same bytes). Any other exception fails, as does
/// a parse that allocates far more than the input's size. Deterministic sequence per seed: a failure names the seed
/// and the iteration, and rerunning reproduces it.
/// </summary>
public sealed class ParserFuzzTests(InsecureKeySet keys, ITestOutputHelper output) : IClassFixture<InsecureKeySet>
{
    private static readonly TimeSpan BudgetPerTarget = TimeSpan.FromSeconds(1.5);
    private const int MaxIterations = 4000;

    /// <summary>Generous but finite: unpacked polynomials and their expanded seeds are a few times the packed input.</summary>
    private const long AllocationFactor = 32;
    private const long AllocationSlack = 2 << 20;

    private static readonly (string Name, Func<byte[], object> Parse, Func<object, byte[]> Write)[] Parsers =
    [
        ("ciphertext", b => Ciphertext.Parse(b), o => ((Ciphertext)o).ToBytes()),
        ("secret key", b => SecretKey.Parse(b), o => ((SecretKey)o).ToBytes()),
        ("public key", b => PublicKey.Parse(b), o => ((PublicKey)o).ToBytes()),
        ("evaluation keys", b => EvaluationKeys.Parse(b), o => ((EvaluationKeys)o).ToBytes()),
        ("plan", b => EncryptedPlan.Parse(b), o => ((EncryptedPlan)o).ToBytes()),
    ];

    public static TheoryData<string, int> Targets => new()
    {
        { "ciphertext", 1 }, { "ciphertext size 3", 2 }, { "secret key", 3 }, { "public key", 4 }, { "evaluation keys", 5 }, { "plan", 6 },
    };

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Targets))]
    public async Task Mutated_blobs_are_parsed_canonically_or_refused_with_a_format_error(string target, int seed)
    {
        // Contexts for every parameter set exist before measuring allocations (a mutated id may select another set).
        foreach (var p in CkksParameters.All)
        {
            CkksContext.For(p);
        }

        var original = Seed(target);
        var random = new Random(seed);
        var (iterations, accepted) = await Task.Run(() =>
        {
            var clock = Stopwatch.StartNew();
            int i = 0, ok = 0;
            for (; i < MaxIterations && clock.Elapsed < BudgetPerTarget; i++)
            {
                var (mutated, how) = Mutate(original, random);
                ok += CheckEveryParser(mutated, $"seed {seed}, iteration {i} ({how})");
            }

            return (i, ok);
        }, TestContext.Current.CancellationToken);

        output.WriteLine($"{target}: {iterations} mutations, {accepted} parses accepted");
        Assert.True(iterations > 0);
    }

    [Fact(Timeout = 60_000)]
    public async Task Random_bytes_and_random_bodies_are_refused()
    {
        var random = new Random(7);
        var iterations = await Task.Run(() =>
        {
            var clock = Stopwatch.StartNew();
            var i = 0;
            for (; i < MaxIterations && clock.Elapsed < BudgetPerTarget; i++)
            {
                var bytes = new byte[random.Next(0, 4096)];
                random.NextBytes(bytes);
                if (i % 2 == 1 && bytes.Length >= 24)
                {
                    // A valid header (any kind, any known parameter set) over a random body.
                    "AFHE"u8.CopyTo(bytes);
                    BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), 1);
                    bytes[6] = (byte)random.Next(1, 6);
                    bytes[7] = (byte)random.Next(1, 3);
                }

                CheckEveryParser(bytes, $"seed 7, iteration {i}");
            }

            return i;
        }, TestContext.Current.CancellationToken);
        output.WriteLine($"random: {iterations} inputs");
        Assert.True(iterations > 0);
    }

    private byte[] Seed(string target)
    {
        var generator = new KeyGenerator(keys.Context);
        return target switch
        {
            "ciphertext" => keys.Encryptor.Encrypt([0.5, -0.25]).ToBytes(),
            "ciphertext size 3" => keys.Evaluator.Multiply(keys.Encryptor.Encrypt([0.5], level: 1), keys.Encryptor.Encrypt([0.5], level: 1)).ToBytes(),
            "secret key" => keys.Secret.ToBytes(),
            "public key" => keys.Public.ToBytes(),
            "evaluation keys" => generator.CreateEvaluationKeys(keys.Secret, 1, relinearization: true, [1, 3]).ToBytes(),
            "plan" => DemoPlans.SquareMlp(CkksParameters.InsecureTest, 11).ToBytes(),
            _ => throw new ArgumentOutOfRangeException(nameof(target)),
        };
    }

    /// <summary>Runs the input through every parser; returns how many accepted it.</summary>
    private static int CheckEveryParser(byte[] input, string where)
    {
        var accepted = 0;
        foreach (var (name, parse, write) in Parsers)
        {
            object? parsed = null;
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                parsed = parse(input);
            }
            catch (FheFormatException)
            {
                // The expected refusal.
            }
            catch (Exception ex)
            {
                Assert.Fail($"{where}: the {name} parser threw {ex.GetType().Name} instead of FheFormatException: {ex}");
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated <= AllocationFactor * input.Length + AllocationSlack,
                $"{where}: the {name} parser allocated {allocated} bytes for a {input.Length}-byte input");
            if (parsed is not null)
            {
                accepted++;
                Assert.True(input.AsSpan().SequenceEqual(write(parsed)), $"{where}: the {name} parser accepted a non-canonical encoding");
                (parsed as IDisposable)?.Dispose();
            }
        }

        return accepted;
    }

    private static readonly byte[] InterestingBytes = [0, 1, 2, 3, 4, 0x7F, 0x80, 0xFE, 0xFF];

    private static (byte[] Bytes, string How) Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(9))
        {
            case 0:
                var flips = random.Next(1, 9);
                for (var i = 0; i < flips; i++)
                {
                    var bit = random.Next(bytes.Length * 8);
                    bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                }

                return (bytes, $"{flips} bit flips");
            case 1:
                var at = random.Next(bytes.Length);
                bytes[at] = (byte)random.Next(256);
                return (bytes, $"random byte at {at}");
            case 2:
                var early = random.Next(Math.Min(48, bytes.Length));
                bytes[early] = InterestingBytes[random.Next(InterestingBytes.Length)];
                return (bytes, $"boundary byte at {early}");
            case 3:
                var length = random.Next(bytes.Length);
                return (bytes[..length], $"truncated to {length}");
            case 4:
                var extra = new byte[random.Next(1, 65)];
                random.NextBytes(extra);
                return ([.. bytes, .. extra], $"{extra.Length} bytes appended");
            case 5:
                var field = random.Next(4, Math.Min(40, bytes.Length - 4));
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(field), random.Next(4) switch { 0 => 0, 1 => uint.MaxValue, 2 => 0x80000000, _ => (uint)random.Next() });
                return (bytes, $"u32 at {field}");
            case 6:
                var place = random.Next(24, Math.Min(40, bytes.Length - 8));
                double[] specials = [double.NaN, double.PositiveInfinity, -1, 0, 1e308, double.Epsilon, Math.Pow(2, 40)];
                BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(place), specials[random.Next(specials.Length)]);
                return (bytes, $"special double at {place}");
            case 7:
                var start = random.Next(bytes.Length);
                var count = random.Next(1, Math.Min(64, bytes.Length - start) + 1);
                return ([.. bytes[..start], .. bytes.AsSpan(start, count), .. bytes[start..]], $"{count} bytes duplicated at {start}");
            default:
                var from = random.Next(bytes.Length);
                var cut = random.Next(1, Math.Min(64, bytes.Length - from) + 1);
                return ([.. bytes[..from], .. bytes[(from + cut)..]], $"{cut} bytes removed at {from}");
        }
    }
}
