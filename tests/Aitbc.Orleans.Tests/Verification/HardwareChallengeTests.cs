using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Tensors;
using Aitbc.Orleans.Tests.Fixtures;
using Aitbc.Orleans.Verification;
using Microsoft.ML.OnnxRuntime;

namespace Aitbc.Orleans.Tests.Verification;

/// <summary>
/// The hardware challenge: a generated model (Onnx/Building, secret seed) sized to the claimed profile, run for real in
/// ONNX Runtime as a miner would, judged against the cluster's spot-checked rows; the verdict goes to the GPU's
/// integrity record. The time a run took is given here as the miner would report it (this machine is not the GPU).
/// </summary>
public sealed class HardwareChallengeTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private const double Rtx4090Fp32Tflops = 82.6;

    private readonly List<TestMiner> _miners = [];

    [Fact]
    public void The_challenge_is_sized_to_the_claimed_profile_and_an_honest_run_matches_the_known_answer()
    {
        var small = ChallengeModels.Build(1.0, seed: 11, targetSeconds: 1e-5, width: 32, layers: 2, maxBatch: 100_000);
        var large = ChallengeModels.Build(10.0, seed: 11, targetSeconds: 1e-5, width: 32, layers: 2, maxBatch: 100_000);
        Assert.Equal(10.0, large.Flops / small.Flops, 1);

        var spec = Spec(seed: 42);
        var honest = Evaluate(spec, Run(spec.Model, spec.Input), measuredMs: 1);
        Assert.True(honest.AnswerCorrect, honest.Detail);

        var zeros = Evaluate(spec, TensorData.FromFloats(new float[spec.Input.ElementCount], spec.Input.Shape), 1);
        var otherModel = Evaluate(spec, Run(Spec(seed: 43).Model, spec.Input), 1);
        Assert.False(zeros.AnswerCorrect);
        Assert.False(otherModel.AnswerCorrect);
    }

    [Fact]
    public async Task A_wrong_answer_makes_the_gpu_unroutable_and_a_run_ten_times_slower_than_the_profile_flags_it()
    {
        var spec = Spec(seed: 7);
        var answer = Run(spec.Model, spec.Input);
        var slowGpu = await StartGpu(48.14, 11.58);
        var slow = Evaluate(spec, answer, measuredMs: 0);
        slow = slow with { ChallengeId = "c-slow", MeasuredMs = slow.ExpectedMs * 10 };
        var onTime = slow with { ChallengeId = "c-on-time", MeasuredMs = slow.ExpectedMs };

        var afterOnTime = await fixture.Client.GetGrain<IGpuIntegrityGrain>(slowGpu).RecordChallenge(onTime);
        Assert.Empty(afterOnTime.Flags);
        var flagged = await fixture.Client.GetGrain<IGpuIntegrityGrain>(slowGpu).RecordChallenge(slow);
        Assert.Contains("suspected misreported model", Assert.Single(flagged.Flags), StringComparison.Ordinal);
        Assert.False(flagged.Blocked);
        Assert.True((await fixture.Client.GetGrain<IGpuGrain>(slowGpu).GetSnapshot())!.Available);

        var wrongGpu = await StartGpu(45.46, 9.19);
        var wrong = Evaluate(spec, TensorData.FromFloats(new float[spec.Input.ElementCount], spec.Input.Shape), 1) with { ChallengeId = "c-wrong" };
        var blocked = await fixture.Client.GetGrain<IGpuIntegrityGrain>(wrongGpu).RecordChallenge(wrong);
        Assert.True(blocked.Blocked);
        var gpu = await fixture.Client.GetGrain<IGpuGrain>(wrongGpu).GetSnapshot();
        Assert.False(gpu!.Available);
        Assert.StartsWith("blocked by verification: hardware challenge c-wrong", gpu.Routing.NotRoutableReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_verdict_that_changes_no_block_makes_no_call_to_the_gpu_row_and_an_operators_clear_heals_a_stale_block()
    {
        var gpuId = await StartGpu(50.94, 6.96);
        var integrity = fixture.Client.GetGrain<IGpuIntegrityGrain>(gpuId);

        // A block the row holds and the record does not: only a push from the record could lift it.
        await fixture.Client.GetGrain<IGpuGrain>(gpuId).SetIntegrityBlock("stale block");
        var afterCorrect = await integrity.RecordVerdict("job-correct", correct: true, "agreed");
        Assert.Equal(1, afterCorrect.Verified);
        Assert.False(afterCorrect.Blocked);
        Assert.False((await fixture.Client.GetGrain<IGpuGrain>(gpuId).GetSnapshot())!.Available);

        await integrity.Clear("stale block found by an operator");
        Assert.True((await fixture.Client.GetGrain<IGpuGrain>(gpuId).GetSnapshot())!.Available);

        // The first wrong result changes no block; the second blocks, and the row has it.
        Assert.False((await integrity.RecordVerdict("job-wrong-1", correct: false, "zeros")).Blocked);
        Assert.True((await fixture.Client.GetGrain<IGpuGrain>(gpuId).GetSnapshot())!.Available);
        Assert.True((await integrity.RecordVerdict("job-wrong-2", correct: false, "zeros")).Blocked);
        var gpu = await fixture.Client.GetGrain<IGpuGrain>(gpuId).GetSnapshot();
        Assert.False(gpu!.Available);
        Assert.StartsWith("blocked by verification: 2 wrong results", gpu.Routing.NotRoutableReason, StringComparison.Ordinal);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var miner in _miners)
        {
            await fixture.Client.GetGrain<IMinerGrain>(miner.MinerId).Deregister();
            miner.Dispose();
        }
    }

    private static HardwareChallengeSpec Spec(int seed) =>
        ChallengeModels.Build(Rtx4090Fp32Tflops, seed, targetSeconds: 0.001, width: 64, layers: 3, maxBatch: 512);

    private static HardwareChallengeResult Evaluate(HardwareChallengeSpec spec, TensorData answer, double measuredMs) =>
        HardwareChallengeEvaluator.Evaluate("c-1", spec.CheckedRows, spec.ExpectedRows, answer, measuredMs, spec.Flops, Rtx4090Fp32Tflops);

    private static TensorData Run(DemoMlp model, TensorData input)
    {
        using var session = new InferenceSession(model.ModelBytes);
        using var value = OrtValue.CreateTensorValueFromMemory(input.ToFloats(), input.Shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [model.InputName], [value], [model.OutputName]);
        return TensorData.FromFloats(outputs[0].GetTensorDataAsSpan<float>(), input.Shape[0], model.OutputDim);
    }

    private async Task<string> StartGpu(double lat, double lon)
    {
        var miner = new TestMiner(fixture.Client, TestMiner.NewMinerId());
        _miners.Add(miner);
        var gpuId = miner.GpuId("gpu0");
        await miner.Register(fixture.Client, [TestMiner.Gpu(gpuId, lat, lon)]);
        return gpuId;
    }
}
