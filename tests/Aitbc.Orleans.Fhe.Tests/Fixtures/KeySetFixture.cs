using Aitbc.Orleans.Fhe.Ckks;

namespace Aitbc.Orleans.Fhe.Tests.Fixtures;

/// <summary>
/// One key set for a parameter set, shared by a test class: secret, public and evaluation keys (relinearization and
/// the rotations the tests use) at the top level. Key generation is the slow part, so it is done once.
/// </summary>
public abstract class KeySetFixture : IDisposable
{
    public static readonly int[] Rotations = [1, 2, 3, 4, 5, 8, 12, -1, -4];

    protected KeySetFixture(CkksParameters parameters)
    {
        Context = CkksContext.For(parameters);
        var generator = new KeyGenerator(Context);
        Secret = generator.CreateSecretKey();
        Public = generator.CreatePublicKey(Secret);
        Evaluation = generator.CreateEvaluationKeys(Secret, Context.MaxLevel, relinearization: true, Rotations);
        Encryptor = new Encryptor(Context, Public);
        Decryptor = new Decryptor(Context, Secret);
        Evaluator = new CkksEvaluator(Context, Evaluation);
    }

    public CkksContext Context { get; }

    public SecretKey Secret { get; }

    public PublicKey Public { get; }

    public EvaluationKeys Evaluation { get; }

    public Encryptor Encryptor { get; }

    public Decryptor Decryptor { get; }

    public CkksEvaluator Evaluator { get; }

    public double Scale => Context.Parameters.DefaultScale;

    public void Dispose()
    {
        Secret.Dispose();
        GC.SuppressFinalize(this);
    }
}
