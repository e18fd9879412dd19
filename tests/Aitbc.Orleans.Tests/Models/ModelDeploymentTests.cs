using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Miner.Daemon;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Models.Deployments;
using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Tensors;
using Aitbc.Orleans.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace Aitbc.Orleans.Tests.Models;

/// <summary>
/// One-click deploy end to end with two real miner daemons (ONNX Runtime on this machine's CPU, each with its own model
/// cache): the deployed miner prefetches the model and reports ready, its heartbeat reports the model warm, and jobs
/// then go to it rather than to the cold one, without downloading the model again.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ModelDeploymentTests(ClusterFixture fixture)
{
    // Reykjavik: far from the other tests' GPUs.
    private static readonly GeoPoint Here = new(64.13, -21.9);

    private static readonly Dictionary<string, string?> FastHeartbeat = new() { ["HeartbeatIntervalSeconds"] = "1" };

    [Fact]
    public async Task A_deployed_gpu_prefetches_reports_ready_and_takes_the_jobs_warm_without_downloading_again()
    {
        await using var warm = await InProcessDaemon.StartAsync(fixture.Client, "deploy-warm", Here.Latitude, Here.Longitude, FastHeartbeat);
        await using var cold = await InProcessDaemon.StartAsync(fixture.Client, "deploy-cold", Here.Latitude, Here.Longitude + 0.01, FastHeartbeat);
        var stakes = new StakeHelper(fixture.Client);
        await stakes.Stake(warm.MinerId, 100m);
        await stakes.Stake(cold.MinerId, 100m);
        var warmGpu = (await fixture.Client.GetGrain<IMinerGrain>(warm.MinerId).GetSnapshot())!.GpuIds[0];
        var warmCache = warm.Provider.GetRequiredService<ModelProvider>();
        var coldCache = cold.Provider.GetRequiredService<ModelProvider>();

        var mlp = DemoModels.Mlp(2, 32, 16, 4, seed: 404, name: "deploy-mlp");
        var model = await ModelStore.PutAsync(fixture.Client, mlp.Name, "MIT", "test", mlp.ModelBytes,
            [new TensorSpec("input", TensorElementType.Float32, [-1, 16])], [new TensorSpec("output", TensorElementType.Float32, [-1, 4])],
            DateTimeOffset.UtcNow);
        var tenant = await fixture.Client.FundedTenant(10m);

        var deployment = fixture.Client.GetGrain<IModelDeploymentGrain>($"d-{Guid.NewGuid():N}");
        var started = await deployment.Start(new ModelDeploymentRequest(model.ModelId, tenant, [warmGpu], null, 0));
        var target = Assert.Single(started.Targets);
        Assert.Equal((warmGpu, Precision.Fp32), (target.GpuId, target.Precision));
        await TestWait.Until(async () => (await deployment.Get())!.Status == "ready", TimeSpan.FromSeconds(60), "the miner reports the model ready");
        Assert.Equal((1L, 0L), (warmCache.Downloads, coldCache.Downloads));

        // The next heartbeat reports the model; routing sees it in the GPU's summary.
        var key = WarmModels.KeyOf(model.ModelId);
        var region = fixture.Client.GetGrain<IRegionGrain>((await fixture.Client.GetGrain<IGpuGrain>(warmGpu).GetSnapshot())!.Region);
        await TestWait.Until(
            async () => (await region.ListGpus()).Any(g => g.GpuId == warmGpu && WarmModels.Holds(g.WarmModels, key)),
            TimeSpan.FromSeconds(30), "the region holds the GPU warm for the model");

        for (var i = 0; i < 2; i++)
        {
            var jobId = $"deploy-job-{i}-{Guid.NewGuid():N}";
            await fixture.Client.GetGrain<IJobGrain>(jobId).Submit(new JobSubmission(
                tenant, model.ModelId, JobType.Inference,
                new Dictionary<string, TensorData> { ["input"] = TensorData.FromFloats(new float[16], 1, 16) },
                LatencyClass.Standard, Here, null, 1m, null));

            var job = await fixture.Client.WaitForTerminal(jobId, TimeSpan.FromSeconds(60));

            Assert.True(job.Status == JobStatus.Completed, job.Describe());
            Assert.Equal(warmGpu, job.GpuId);
            Assert.True(job.Warm, "the job record says the GPU was warm");
            Assert.Equal(Precision.Fp32, job.Precision);

            // Neither the job nor the one after it downloaded the model again; the cold miner never needed it.
            Assert.Equal((1L, 0L), (warmCache.Downloads, coldCache.Downloads));
            await fixture.Client.GpuFreeAgain(warmGpu);
        }
    }

    [Fact]
    public async Task A_deployment_records_gpus_the_model_fits_nowhere_and_unknown_gpus_as_failed()
    {
        using var miner = new TestMiner(fixture.Client, TestMiner.NewMinerId());
        var gpu = miner.GpuId("tiny");
        await miner.Register(fixture.Client, [TestMiner.Gpu(gpu, Here.Latitude - 1, Here.Longitude, name: "Aitbc Test NPU", memoryMb: 300)]);
        try
        {
            var model = await fixture.Client.SmallModel();
            var deployment = fixture.Client.GetGrain<IModelDeploymentGrain>($"d-{Guid.NewGuid():N}");

            var view = await deployment.Start(new ModelDeploymentRequest(model.ModelId, "tenant", [gpu, "nobody:gpu"], null, 0));

            Assert.Equal("failed", view.Status);
            Assert.Contains(view.Targets, t => t.GpuId == gpu && t.Error!.Contains("fits", StringComparison.Ordinal));
            Assert.Contains(view.Targets, t => t.GpuId == "nobody:gpu" && t.Error == "no such GPU");
            Assert.Empty(miner.Prefetched);
        }
        finally
        {
            await fixture.Client.GetGrain<IMinerGrain>(miner.MinerId).Deregister();
        }
    }
}
