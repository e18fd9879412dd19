using System.Reflection;
using Aitbc.Orleans.Fhe.Ckks;
using Aitbc.Orleans.Fhe.Inference;
using Aitbc.Orleans.Fhe.Tests.Fixtures;

namespace Aitbc.Orleans.Fhe.Tests.Inference;

/// <summary>
/// Encrypted inference against plaintext inference. The stated precision: decrypted outputs within 1e-3 absolute of
/// the plaintext result for inputs in [−1, 1] (measured errors are around 1e-6).
/// </summary>
public sealed class EncryptedEvaluationTests
{
    /// <summary>The precision this library states for plan outputs (docs/FHE.md).</summary>
    public const double StatedPrecision = 1e-3;

    [Theory]
    [InlineData(61)]
    [InlineData(62)]
    public void Logistic_regression_matches_plaintext(int seed) => AssertMatchesPlaintext(DemoPlans.LogisticRegression(CkksParameters.InsecureTest, seed), seed);

    [Theory]
    [InlineData(71)]
    [InlineData(72)]
    public void Square_mlp_matches_plaintext(int seed) => AssertMatchesPlaintext(DemoPlans.SquareMlp(CkksParameters.InsecureTest, seed), seed);

    [Fact]
    public void Both_models_match_plaintext_at_the_secure_parameters()
    {
        AssertMatchesPlaintext(DemoPlans.LogisticRegression(CkksParameters.Standard128, 81), 81);
        AssertMatchesPlaintext(DemoPlans.SquareMlp(CkksParameters.Standard128, 82), 82);
    }

    [Fact]
    public void Inputs_at_the_bound_and_all_zero_weights_work()
    {
        var zero = new DenseLayer(3, 5, new double[15], [0.25, -0.25, 1]);
        var plan = EncryptedPlan.Create(CkksParameters.InsecureTest, [zero, SquareActivation.Instance]);
        using var client = PrivateInferenceClient.Create(CkksParameters.InsecureTest);
        double[] input = [1, -1, 1, -1, 1];
        var output = new EncryptedPlanEvaluator(plan).Evaluate(client.EncryptInput(plan.Requirements, input), client.CreateEvaluationKeys(plan.Requirements));
        RandomVectors.AssertClose(plan.EvaluatePlain(input), client.DecryptOutput(plan.Requirements, output), StatedPrecision, 0);
    }

    [Fact]
    public void Missing_or_foreign_keys_are_refused_before_any_work()
    {
        var plan = DemoPlans.SquareMlp(CkksParameters.InsecureTest, 91);
        using var client = PrivateInferenceClient.Create(CkksParameters.InsecureTest);
        var input = client.EncryptInput(plan.Requirements, new double[16]);
        var evaluator = new EncryptedPlanEvaluator(plan);
        var generator = new KeyGenerator(CkksContext.For(CkksParameters.InsecureTest));

        var noRotations = generator.CreateEvaluationKeys(client.SecretKey, 3, relinearization: true, [1, 2]);
        Assert.Contains("rotations by 3, 4, 8, 12", Assert.Throws<FheKeyException>(() => evaluator.Evaluate(input, noRotations)).Message, StringComparison.Ordinal);
        var noRelin = generator.CreateEvaluationKeys(client.SecretKey, 3, relinearization: false, plan.Requirements.RotationSteps);
        Assert.Contains("relinearization", Assert.Throws<FheKeyException>(() => evaluator.Evaluate(input, noRelin)).Message, StringComparison.Ordinal);

        using var stranger = PrivateInferenceClient.Create(CkksParameters.InsecureTest);
        Assert.Contains("key set", Assert.Throws<FheKeyException>(() => evaluator.Evaluate(input, stranger.CreateEvaluationKeys(plan.Requirements))).Message, StringComparison.Ordinal);

        var shallow = new Encryptor(CkksContext.For(CkksParameters.InsecureTest), client.PublicKey).Encrypt(new double[16], level: 1);
        Assert.Throws<FheBudgetExceededException>(() => evaluator.Evaluate(shallow, client.CreateEvaluationKeys(plan.Requirements)));
    }

    [Fact]
    public void Inputs_outside_the_plan_bound_are_refused_by_the_client()
    {
        var plan = DemoPlans.LogisticRegression(CkksParameters.InsecureTest, 92);
        using var client = PrivateInferenceClient.Create(CkksParameters.InsecureTest);
        var input = new double[16];
        input[3] = 1.5;
        Assert.Contains("outside the ±1", Assert.Throws<ArgumentException>(() => client.EncryptInput(plan.Requirements, input)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => client.EncryptInput(plan.Requirements, new double[15]));
    }

    [Fact]
    public void Nothing_the_evaluator_accepts_is_a_secret_key()
    {
        Type[] secretTypes = [typeof(SecretKey), typeof(Decryptor), typeof(PrivateInferenceClient), typeof(KeyGenerator)];
        foreach (var type in new[] { typeof(EncryptedPlanEvaluator), typeof(CkksEvaluator) })
        {
            var parameters = type.GetConstructors().Cast<MethodBase>()
                .Concat(type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
                .SelectMany(m => m.GetParameters().Select(p => p.ParameterType));
            Assert.DoesNotContain(parameters, secretTypes.Contains);
        }
    }

    private static void AssertMatchesPlaintext(EncryptedPlan plan, int seed)
    {
        var random = new Random(seed);
        using var client = PrivateInferenceClient.Create(plan.Parameters);
        var keys = client.CreateEvaluationKeys(plan.Requirements);
        var evaluator = new EncryptedPlanEvaluator(plan);
        for (var sample = 0; sample < 3; sample++)
        {
            var input = RandomVectors.Uniform(random, plan.InputLength);
            var ciphertext = client.EncryptInput(plan.Requirements, input);
            var output = evaluator.Evaluate(ciphertext, keys);
            Assert.Equal(0, output.Level);
            RandomVectors.AssertClose(plan.EvaluatePlain(input), client.DecryptOutput(plan.Requirements, output), StatedPrecision, seed);
        }
    }
}
