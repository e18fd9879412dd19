using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Tensors;
using Aitbc.Orleans.Verification;
using Microsoft.ML.OnnxRuntime;

namespace Aitbc.Orleans.Tests.Verification;

/// <summary>
/// Acceptance 2 at the level of the comparison and the decision (not 10,000 cluster round trips): 10,000 jobs with a
/// fixed seed, each run by two honest "GPUs" (ONNX Runtime sessions built differently: all graph optimisations on one
/// thread against none on two, so kernels and summation order differ) and judged as the verification grain judges; a
/// third, independent run (a managed double-precision forward pass) stands in where a third miner would decide. For
/// fp32 and fp16 models, no job is ever judged wrong, while the same loop catches every zero answer and every answer
/// scaled by 3 %.
/// </summary>
public sealed class HonestRunsTests
{
    private const int Jobs = 10_000;

    [Theory]
    [InlineData(TensorElementType.Float32)]
    [InlineData(TensorElementType.Float16)]
    public void An_honest_miner_is_never_judged_wrong_in_10000_verified_jobs(TensorElementType precision)
    {
        var model = DemoModels.Mlp(layers: 3, width: 64, inputDim: 32, outputDim: 10, seed: 1130, name: "honest", elementType: precision);
        using var optimised = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = 1 };
        using var plain = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL, IntraOpNumThreads = 2 };
        using var first = new InferenceSession(model.ModelBytes, optimised);
        using var check = new InferenceSession(model.ModelBytes, plain);
        var random = new Random(20_261_130);
        var options = new VerificationOptions();
        var wrong = 0;
        var caughtZeros = 0;
        var caughtNudged = 0;
        var worst = 0.0;
        for (var job = 0; job < Jobs; job++)
        {
            var input = Enumerable.Range(0, model.InputDim).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
            var a = Run(first, model, input);
            var b = Run(check, model, input);
            var reference = Reference(model, input);
            var (outcome, _, summary) = VerificationJudge.Decide([a, b], options.Fp32Tolerance, options.Fp16Tolerance);
            if (outcome != VerificationOutcome.Confirmed)
            {
                // As the grain does: a third run decides.
                (outcome, _, summary) = VerificationJudge.Decide([a, b, reference], options.Fp32Tolerance, options.Fp16Tolerance);
            }

            if (outcome is not (VerificationOutcome.Confirmed or VerificationOutcome.VerifierWrong))
            {
                wrong++;
                Assert.Fail($"job {job}: {outcome}: {summary}");
            }

            worst = Math.Max(worst, Distance(a["output"], reference["output"]));
            var zeros = new Dictionary<string, TensorData> { ["output"] = Scaled(a["output"], 0) };
            var nudged = new Dictionary<string, TensorData> { ["output"] = Scaled(a["output"], 1.03f) };
            caughtZeros += VerificationJudge.Decide([zeros, b, reference], options.Fp32Tolerance, options.Fp16Tolerance).Outcome == VerificationOutcome.PrimaryWrong ? 1 : 0;
            caughtNudged += VerificationJudge.Decide([nudged, b, reference], options.Fp32Tolerance, options.Fp16Tolerance).Outcome == VerificationOutcome.PrimaryWrong ? 1 : 0;
        }

        Assert.Equal(0, wrong);
        Assert.Equal(Jobs, caughtZeros);
        Assert.Equal(Jobs, caughtNudged);
        Assert.InRange(worst, 0, precision == TensorElementType.Float16 ? options.Fp16Tolerance / 2 : options.Fp32Tolerance / 10);
    }

    private static Dictionary<string, TensorData> Run(InferenceSession session, DemoMlp model, float[] input)
    {
        using var value = model.ElementType == TensorElementType.Float16
            ? OrtValue.CreateTensorValueFromMemory(input.Select(v => (Float16)v).ToArray(), [1, model.InputDim])
            : OrtValue.CreateTensorValueFromMemory(input, [1, model.InputDim]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [model.InputName], [value], [model.OutputName]);
        var output = outputs[0];
        var tensor = model.ElementType == TensorElementType.Float16
            ? TensorData.FromHalves(output.GetTensorDataAsSpan<Float16>().ToArray().Select(h => (Half)(float)h).ToArray(), 1, model.OutputDim)
            : TensorData.FromFloats(output.GetTensorDataAsSpan<float>(), 1, model.OutputDim);
        return new Dictionary<string, TensorData> { ["output"] = tensor };
    }

    /// <summary>The MLP in double precision from its kept weights (inputs as the model sees them), in the model's output type.</summary>
    private static Dictionary<string, TensorData> Reference(DemoMlp model, float[] input)
    {
        var half = model.ElementType == TensorElementType.Float16;
        var output = model.Forward(half ? input.Select(v => (float)(Half)v).ToArray() : input);
        var tensor = half
            ? TensorData.FromHalves(output.Select(v => (Half)v).ToArray(), 1, model.OutputDim)
            : TensorData.FromFloats(output, 1, model.OutputDim);
        return new Dictionary<string, TensorData> { ["output"] = tensor };
    }

    private static TensorData Scaled(TensorData t, float factor) => t.ElementType == TensorElementType.Float16
        ? TensorData.FromHalves(t.ToHalves().Select(h => (Half)((float)h * factor)).ToArray(), t.Shape)
        : TensorData.FromFloats(t.ToFloats().Select(v => v * factor).ToArray(), t.Shape);

    private static double Distance(TensorData a, TensorData b)
    {
        var x = Array.ConvertAll(a.ToFloatsConverted(), v => (double)v);
        var y = Array.ConvertAll(b.ToFloatsConverted(), v => (double)v);
        return OutputComparer.RelativeL2Distance(x, y);
    }
}
