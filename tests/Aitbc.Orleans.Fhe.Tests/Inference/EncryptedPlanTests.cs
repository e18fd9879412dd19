using Aitbc.Orleans.Fhe.Ckks;
using Aitbc.Orleans.Fhe.Inference;
using Aitbc.Orleans.Fhe.Tests.Fixtures;

namespace Aitbc.Orleans.Fhe.Tests.Inference;

/// <summary>Plan construction: shapes, the level and magnitude budget, the keys it asks for, and its binary form.</summary>
public sealed class EncryptedPlanTests
{
    private static readonly CkksParameters Parameters = CkksParameters.InsecureTest;

    [Fact]
    public void Mlp_plan_needs_three_levels_relinearization_and_the_baby_and_giant_step_rotations()
    {
        var plan = DemoPlans.SquareMlp(Parameters, 1);
        var r = plan.Requirements;
        Assert.Equal((16, 4, 16, 3, true), (r.InputLength, r.OutputLength, r.SlotPeriod, r.Level, r.NeedsRelinearization));
        Assert.Equal(4, plan.BabySteps);
        Assert.Equal([1, 2, 3, 4, 8, 12], r.RotationSteps);
    }

    [Fact]
    public void Logistic_regression_needs_one_level_and_no_relinearization()
    {
        var plan = DemoPlans.LogisticRegression(Parameters, 2);
        Assert.Equal((1, 1, false, ClientActivation.Sigmoid), (plan.Requirements.Level, plan.OutputLength, plan.Requirements.NeedsRelinearization, plan.OutputActivation));
        Assert.Equal([1, 2, 3, 4, 8, 12], plan.Requirements.RotationSteps);
    }

    [Fact]
    public void Only_the_rotations_of_non_zero_diagonals_are_asked_for()
    {
        // A diagonal matrix has only diagonal 0: no rotation at all.
        var identity = new DenseLayer(4, 4, [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], [0, 0, 0, 0]);
        Assert.Empty(EncryptedPlan.Create(Parameters, [identity]).Requirements.RotationSteps);
    }

    [Fact]
    public void A_plan_deeper_than_the_chain_is_refused_with_the_reason()
    {
        var random = new Random(3);
        var error = Assert.Throws<PlanNotSupportedException>(() => EncryptedPlan.Create(Parameters,
            [DemoPlans.RandomDense(random, 8, 16), SquareActivation.Instance, DemoPlans.RandomDense(random, 8, 8), SquareActivation.Instance]));
        Assert.Contains("needs 4 levels", error.Message, StringComparison.Ordinal);
        Assert.Contains("offers 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_that_could_outgrow_the_last_modulus_are_refused()
    {
        // 16 inputs in ±1 times weights of 100: outputs up to 1600, above the ±2^8 that q_0 holds at scale 2^40.
        var big = new DenseLayer(1, 16, Enumerable.Repeat(100.0, 16).ToArray(), [0]);
        var error = Assert.Throws<PlanNotSupportedException>(() => EncryptedPlan.Create(Parameters, [big]));
        Assert.Contains("can reach ±1600", error.Message, StringComparison.Ordinal);
        // The same layer is fine for inputs within ±0.1.
        Assert.Equal(160, EncryptedPlan.Create(Parameters, [big], inputBound: 0.1).OutputBound, 9);
    }

    [Fact]
    public void Malformed_layer_lists_are_refused()
    {
        var random = new Random(4);
        Assert.Throws<PlanNotSupportedException>(() => EncryptedPlan.Create(Parameters, []));
        Assert.Throws<PlanNotSupportedException>(() => EncryptedPlan.Create(Parameters, [SquareActivation.Instance, DemoPlans.RandomDense(random, 2, 2)]));
        var mismatch = Assert.Throws<PlanNotSupportedException>(() => EncryptedPlan.Create(Parameters, [DemoPlans.RandomDense(random, 8, 16), DemoPlans.RandomDense(random, 4, 9)]));
        Assert.Contains("takes 9 inputs", mismatch.Message, StringComparison.Ordinal);
        var wide = Assert.Throws<PlanNotSupportedException>(() => EncryptedPlan.Create(Parameters, [DemoPlans.RandomDense(random, 1, 600)], inputBound: 0.01));
        Assert.Contains("does not fit in the 512 slots", wide.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new DenseLayer(2, 2, [1, 2, 3], [0, 0]));
        Assert.Throws<ArgumentException>(() => new DenseLayer(1, 1, [double.NaN], [0]));
    }

    [Fact]
    public void Plain_evaluation_is_the_matrix_product_with_the_activation()
    {
        var layer = new DenseLayer(2, 3, [1, 2, 3, -1, 0, 1], [0.5, -0.5]);
        var plan = EncryptedPlan.Create(Parameters, [layer, SquareActivation.Instance], inputBound: 0.5);
        RandomVectors.AssertClose([1.1 * 1.1, -0.5 * -0.5], plan.EvaluatePlain([0.1, 0.1, 0.1]), 1e-12, 0);
        var logistic = EncryptedPlan.Create(Parameters, [new DenseLayer(1, 1, [2], [0])], outputActivation: ClientActivation.Sigmoid);
        Assert.Equal(1 / (1 + Math.Exp(-1.0)), logistic.EvaluatePlain([0.5])[0], 12);
    }

    [Fact]
    public void Client_activations_are_sigmoid_and_softmax()
    {
        RandomVectors.AssertClose([0.5, 1 / (1 + Math.Exp(-2.0))], EncryptedPlan.ApplyActivation(ClientActivation.Sigmoid, [0, 2]), 1e-15, 0);
        var softmax = EncryptedPlan.ApplyActivation(ClientActivation.Softmax, [1, 2, 3]);
        var e = new[] { Math.Exp(1), Math.Exp(2), Math.Exp(3) };
        RandomVectors.AssertClose([e[0] / e.Sum(), e[1] / e.Sum(), e[2] / e.Sum()], softmax, 1e-15, 0);
        double[] raw = [3, -1];
        Assert.Equal(raw, EncryptedPlan.ApplyActivation(ClientActivation.Identity, raw));
        Assert.NotSame(raw, EncryptedPlan.ApplyActivation(ClientActivation.Identity, raw));
    }

    [Fact]
    public void Plans_round_trip_through_bytes()
    {
        var plan = DemoPlans.SquareMlp(Parameters, 5);
        var parsed = EncryptedPlan.Parse(plan.ToBytes());
        Assert.Equal(plan.Requirements.RotationSteps, parsed.Requirements.RotationSteps);
        Assert.Equal(plan.Requirements with { RotationSteps = parsed.Requirements.RotationSteps }, parsed.Requirements);
        double[] input = RandomVectors.Uniform(new Random(5), 16);
        Assert.Equal(plan.EvaluatePlain(input), parsed.EvaluatePlain(input));
    }
}
