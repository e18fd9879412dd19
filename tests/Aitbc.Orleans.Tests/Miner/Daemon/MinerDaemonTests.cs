using Aitbc.Orleans.Access;
using Aitbc.Orleans.Fhe.Ckks;
using Aitbc.Orleans.Fhe.Compiler;
using Aitbc.Orleans.Fhe.Inference;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Miner.Inference;
using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Tensors;
using Aitbc.Orleans.Tests.Fixtures;
using Aitbc.Orleans.Tests.Miner.Inference;

namespace Aitbc.Orleans.Tests.Miner.Daemon;

/// <summary>The real daemon (detection, ONNX Runtime on the CPU, signing) serving jobs of a real cluster.</summary>
public sealed class MinerDaemonTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task The_daemon_registers_this_machine_and_returns_what_a_plain_csharp_mlp_computes()
    {
        // Wellington: far from other tests' GPUs.
        await using var daemon = await InProcessDaemon.StartAsync(fixture.Client, "daemon", -41.29, 174.78);
        await new StakeHelper(fixture.Client).Stake(daemon.MinerId, 100m);

        var mlp = DemoModels.Mlp(3, 24, 16, 5, seed: 77, name: "daemon-test-mlp");
        var model = await ModelStore.PutAsync(fixture.Client, mlp.Name, "MIT", "test", mlp.ModelBytes,
            [new TensorSpec("input", TensorElementType.Float32, [-1, 16])], [new TensorSpec("output", TensorElementType.Float32, [-1, 5])],
            DateTimeOffset.UtcNow);
        const int batch = 3;
        var input = ReferenceNetworks.RandomFloats(batch * 16, seed: 5);
        var tenant = await fixture.Client.FundedTenant(10m);
        var jobId = $"daemon-job-{Guid.NewGuid():N}";
        await fixture.Client.GetGrain<IJobGrain>(jobId).Submit(new JobSubmission(
            tenant, model.ModelId, JobType.Inference, new Dictionary<string, TensorData> { ["input"] = TensorData.FromFloats(input, batch, 16) },
            LatencyClass.Standard, new(-41.3, 174.8), null, 1m, null));

        var done = await fixture.Client.WaitForTerminal(jobId, TimeSpan.FromSeconds(60));

        Assert.True(done.Status == JobStatus.Completed, done.Describe());
        Assert.Equal("CPU", done.ExecutionProvider);
        var output = done.Outputs!["output"];
        Assert.Equal([batch, 5L], output.Shape);
        Assert.True(ReferenceNetworks.RelativeError(output.ToFloats(), ReferenceNetworks.Mlp(mlp.Layers, input, batch)) < 1e-5);
        Assert.True(done.Timings.InferenceMs > 0);

        // A private job on the same daemon: evaluated on ciphertexts by its JobRunner, whatever the device.
        var square = await ModelStore.PutAsync(fixture.Client, "daemon-private-mlp", "MIT", "test", PrivateDemoModels.SquareMlp(),
            [new TensorSpec("features", TensorElementType.Float32, [-1, 16])], [new TensorSpec("scores", TensorElementType.Float32, [-1, 4])],
            DateTimeOffset.UtcNow);
        var plan = EncryptedPlan.Parse((await fixture.Client.GetGrain<IModelGrain>(square.ModelId).GetPrivatePlan())!.Plan);
        using var keySet = PrivateInferenceClient.Create(CkksParameters.Standard128);
        var row = Array.ConvertAll(ReferenceNetworks.RandomFloats(16, seed: 9), v => (double)v);
        var privateJobId = $"daemon-private-{Guid.NewGuid():N}";
        await fixture.Client.GetGrain<IJobGrain>(privateJobId).Submit(new JobSubmission(
            tenant, square.ModelId, JobType.PrivateInference,
            PrivateJob.Inputs(keySet.EncryptInput(plan.Requirements, row).ToBytes(), keySet.CreateEvaluationKeys(plan.Requirements).ToBytes()),
            LatencyClass.Standard, new(-41.3, 174.8), null, 1m, null));

        var encrypted = await fixture.Client.WaitForTerminal(privateJobId, TimeSpan.FromSeconds(60));

        Assert.True(encrypted.Status == JobStatus.Completed, encrypted.Describe());
        Assert.Equal((PrivateEvaluator.ExecutionProvider, JobType.PrivateInference), (encrypted.ExecutionProvider, encrypted.JobType));
        var decrypted = keySet.DecryptOutput(plan.Requirements, Ciphertext.Parse(encrypted.Outputs![PrivateJob.CiphertextOutput].Data));
        var expected = plan.EvaluatePlain(row);
        Assert.All(expected.Zip(decrypted), pair => Assert.True(Math.Abs(pair.First - pair.Second) <= 1e-3, $"{pair.Second} against {pair.First}"));

        await daemon.StopAsync();
        Assert.False((await fixture.Client.GetGrain<IMinerGrain>(daemon.MinerId).GetSnapshot())!.Online);
    }
}
