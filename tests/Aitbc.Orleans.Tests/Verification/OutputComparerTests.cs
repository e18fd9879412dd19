using Aitbc.Orleans.Tensors;
using Aitbc.Orleans.Verification;

namespace Aitbc.Orleans.Tests.Verification;

public sealed class OutputComparerTests
{
    private static readonly float[] Logits = [0.5f, -1.25f, 3.0f, 0.75f, 2.0f, -0.5f, 1.5f, 0.25f];

    [Fact]
    public void Fp32_agrees_within_1e4_relative_l2_and_not_beyond()
    {
        var reference = TensorData.FromFloats(Logits, 2, 4);
        var close = TensorData.FromFloats(Logits.Select(v => v * (1 + 5e-5f)).ToArray(), 2, 4);
        var off = TensorData.FromFloats(Logits.Select(v => v * (1 + 1e-3f)).ToArray(), 2, 4);

        Assert.Null(OutputComparer.Mismatch(reference, close));
        Assert.Contains("relative L2", OutputComparer.Mismatch(reference, off), StringComparison.Ordinal);
    }

    [Fact]
    public void Fp16_allows_1e2_so_rounding_on_another_gpu_agrees_but_a_shifted_answer_does_not()
    {
        var reference = TensorData.FromHalves(Logits.Select(v => (Half)v).ToArray(), 2, 4);
        var rounded = TensorData.FromHalves(Logits.Select(v => (Half)(v * 1.004f)).ToArray(), 2, 4);
        var shifted = TensorData.FromHalves(Logits.Select(v => (Half)(v + 0.5f)).ToArray(), 2, 4);

        Assert.Null(OutputComparer.Mismatch(reference, rounded));
        Assert.NotNull(OutputComparer.Mismatch(reference, shifted));
    }

    [Fact]
    public void Int8_compares_the_top_1_of_each_row_not_the_values()
    {
        var reference = TensorData.FromSBytes([10, 90, 20, 5, 70, 71], 2, 3);
        var sameTop = TensorData.FromSBytes([12, 88, 21, 4, 69, 72], 2, 3);
        var otherTop = TensorData.FromSBytes([10, 90, 20, 5, 72, 71], 2, 3);

        Assert.Null(OutputComparer.Mismatch(reference, sameTop));
        Assert.Equal("top-1 differs in row 1", OutputComparer.Mismatch(reference, otherTop));
    }

    [Fact]
    public void Zeros_never_pass_for_a_real_answer_and_shape_type_or_names_must_match()
    {
        var reference = TensorData.FromFloats(Logits, 2, 4);

        Assert.NotNull(OutputComparer.Mismatch(reference, TensorData.FromFloats(new float[8], 2, 4)));
        Assert.NotNull(OutputComparer.Mismatch(reference, TensorData.FromFloats(Logits, 4, 2)));
        Assert.NotNull(OutputComparer.Mismatch(reference, TensorData.FromHalves(Logits.Select(v => (Half)v).ToArray(), 2, 4)));
        Assert.NotNull(OutputComparer.Mismatch(reference, TensorData.FromFloats([.. Logits[..7], float.NaN], 2, 4)));
        Assert.NotNull(OutputComparer.Mismatch(
            new Dictionary<string, TensorData> { ["output"] = reference }, new Dictionary<string, TensorData> { ["logits"] = reference }));
        Assert.Null(OutputComparer.Mismatch(
            new Dictionary<string, TensorData> { ["output"] = reference }, new Dictionary<string, TensorData> { ["output"] = reference }));
    }
}
