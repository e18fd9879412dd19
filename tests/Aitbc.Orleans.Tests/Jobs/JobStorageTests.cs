using Aitbc.Orleans.Blobs;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Tensors;
using Aitbc.Orleans.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Aitbc.Orleans.Tests.Jobs;

/// <summary>
/// What a job keeps and where: tensors in the content-addressed blob store (the job's state holds their digests),
/// outputs checked against the model before anyone is paid, and a tenant's job index appended page by page.
/// </summary>
public sealed class JobStorageTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private readonly TestMiners _miners = new(fixture.Client);

    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task Large_tensors_live_in_the_blob_store_and_the_outputs_come_back_after_the_job_is_reloaded()
    {
        await Miner(TestMiner.Gpu(TestMiner.NewGpuId("gpu"), 4.71, -74.07)); // Bogota
        var tenant = await Grains.FundedTenant(10m);
        var model = await Grains.SmallModel();
        var floats = Enumerable.Range(0, 64).Select(i => i * 0.5f).ToArray();
        var jobId = Id("job");
        var job = Grains.GetGrain<IJobGrain>(jobId);
        var submission = ClusterTestExtensions.Job(tenant, model.ModelId, new(4.7, -74.1)) with
        {
            Inputs = new Dictionary<string, TensorData> { ["input"] = TensorData.FromFloats(floats, 16, 4) },
        };

        await job.Submit(submission);
        Assert.Equal(JobStatus.Completed, (await Grains.WaitForTerminal(jobId)).Status);

        // The state keeps a digest, and the bytes are in the blob store under it.
        var stored = await ReadJobState(jobId);
        var input = Assert.Single(stored.Inputs);
        Assert.Null(input.Inline);
        Assert.NotNull(input.Digest);
        Assert.Null(Assert.Single(stored.Outputs!).Inline);
        var blobs = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IBlobStore>();
        Assert.Equal(submission.Inputs["input"].Data, await blobs.GetAsync(input.Digest, TestContext.Current.CancellationToken));

        await fixture.Cluster.DeactivateAsync(job);
        var reloaded = await job.Get();
        Assert.Equal(floats, reloaded!.Outputs!["output"].ToFloats());
    }

    [Fact]
    public async Task Outputs_that_do_not_fit_the_model_are_refused_and_the_job_moves_on()
    {
        var liar = await Miner(TestMiner.Gpu(TestMiner.NewGpuId("near"), -12.05, -77.04)); // Lima
        await Miner(TestMiner.Gpu(TestMiner.NewGpuId("far"), -10.05, -77.04));
        var tenant = await Grains.FundedTenant(10m);
        var model = await Grains.SmallModel();
        liar.Outputs = _ => new Dictionary<string, TensorData> { ["output"] = TensorData.FromFloats([1f, 2f], 1, 2) };
        var jobId = Id("job");

        await Grains.GetGrain<IJobGrain>(jobId).Submit(ClusterTestExtensions.Job(tenant, model.ModelId, new(-12.0, -77.0)));
        var done = await Grains.WaitForTerminal(jobId);

        Assert.True(done.Status == JobStatus.Completed, done.Describe());
        Assert.Equal(2, done.Attempts.Count);
        Assert.StartsWith("result rejected", done.Attempts[0].Outcome, StringComparison.Ordinal);
        Assert.Equal([1f, 2f, 3f, 4f], done.Outputs!["output"].ToFloats());
    }

    [Fact]
    public async Task A_tenants_job_index_pages_its_history_and_lists_newest_first_without_repeats()
    {
        var tenant = $"tenant-{Guid.NewGuid():N}";
        var index = Grains.GetGrain<ITenantJobsGrain>(tenant);
        var ids = Enumerable.Range(0, TenantJobsGrain.PageSize * 2 + 10).Select(i => $"j-{i:D4}").ToArray();
        foreach (var id in ids)
        {
            await index.Add(id);
        }

        // A submission retried right away appends its id again; the index keeps it once.
        await index.Add(ids[^1]);

        // The two full pages were stored before the adds returned, and a stored page goes (a busy tenant fills one
        // every 64 jobs); the listing below loads them again.
        Assert.True(await Grains.NotActive(Grains.GetGrain<ITenantJobsPageGrain>($"{tenant}/0")), "page 0 is still active");
        Assert.True(await Grains.NotActive(Grains.GetGrain<ITenantJobsPageGrain>($"{tenant}/1")), "page 1 is still active");

        var newest = await index.List(5);
        Assert.Equal(ids.Reverse().Take(5), newest);
        var all = await index.List(TenantJobsGrain.MaxListed);
        Assert.Equal(ids.Length, all.Count);
        Assert.Equal(ids.Reverse(), all);

        // The index's own state holds the current page only.
        await fixture.Cluster.DeactivateAsync(index);
        Assert.Equal(ids.Reverse(), await index.List(TenantJobsGrain.MaxListed));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _miners.DisposeAsync();

    private async Task<JobState> ReadJobState(string jobId)
    {
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(AitbcConstants.GrainStorage);
        var state = new GrainState<JobState>(new JobState());
        await storage.ReadStateAsync("job", Grains.GetGrain<IJobGrain>(jobId).GetGrainId(), state);
        return state.State ?? throw new InvalidOperationException($"job {jobId} has no stored state");
    }

    private Task<TestMiner> Miner(params GpuRegistration[] gpus) => _miners.Start(gpus);

    private static string Id(string name) => $"{name}-{Guid.NewGuid():N}";
}
