using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Miner.Daemon;
using Aitbc.Orleans.Miner.Hosting;
using Aitbc.Orleans.Miner.Simulation;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Silo;
using Aitbc.Orleans.Tensors;
using Aitbc.Orleans.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Tests.Miner.Daemon;

/// <summary>
/// `MinerClient run --simulate N`: the GPUs spread over rigs of 1 to 8, each rig its own enrolled, signed miner with its
/// own session, on a cluster whose silos authorize every call as production silos do.
/// </summary>
public sealed class SimulatedRigsTests(EnforcingClusterFixture fixture) : IClassFixture<EnforcingClusterFixture>
{
    [Theory]
    [InlineData(1)]
    [InlineData(30)]
    [InlineData(100_000)]
    public void Rig_sizes_are_one_to_eight_and_add_up(int gpus)
    {
        var sizes = SimulatedFleet.RigSizes(gpus, new Random(42));

        Assert.Equal(gpus, sizes.Sum());
        Assert.All(sizes, s => Assert.InRange(s, 1, SimulatedFleet.MaxGpusPerRig));
        Assert.Equal(sizes, SimulatedFleet.RigSizes(gpus, new Random(42)));
        if (gpus >= 100)
        {
            // Spread, not a handful of full rigs: the mean of 1..8 is 4.5.
            Assert.InRange(sizes.Average(), 4.0, 5.0);
        }
    }

    [Fact]
    public async Task Each_rig_registers_as_its_own_miner_and_its_results_are_verified_with_its_own_key()
    {
        var state = Directory.CreateTempSubdirectory("aitbc-rigs-test-");
        await using var provider = await Daemon(state, gpus: 30);
        var agent = provider.GetRequiredService<MinerAgent>();
        try
        {
            var rigs = agent.Rigs;
            Assert.True(rigs.Count > 1, $"{rigs.Count} rig(s)");
            Assert.Equal(30, rigs.Sum(r => r.Devices.Count));
            Assert.Equal(rigs.Count, rigs.Select(r => r.MinerId).Distinct().Count());
            Assert.Equal(rigs.Count, rigs.Select(r => r.Identity.Key.PublicKeyBase64).Distinct().Count());
            foreach (var rig in rigs)
            {
                var miner = fixture.Client.GetGrain<IMinerGrain>(rig.MinerId);
                await TestWait.Until(async () => (await miner.GetSnapshot())?.Online == true, TimeSpan.FromSeconds(30));
                var snapshot = (await miner.GetSnapshot())!;
                Assert.Equal(rig.Identity.Key.PublicKeyBase64, snapshot.PublicKey);
                Assert.Equal(rig.Devices.Select(d => d.GpuId).Order(), snapshot.GpuIds.Order());
                Assert.True(snapshot.Simulated);
                Assert.Single(rig.Devices.Select(d => d.Registration.Location).Distinct());
                await new StakeHelper(fixture.Client).Stake(rig.MinerId, 100m);
            }

            // A job at each rig's place: every one completes, each on a rig's GPU, so results signed with the rigs' own
            // keys (the cluster verifies them with each rig's enrolled key before it pays) are accepted.
            var tenant = await fixture.Client.FundedTenant(10m);
            var served = new List<string>();
            foreach (var rig in rigs)
            {
                var jobId = $"rig-job-{Guid.NewGuid():N}";
                await SubmitDemoJob(jobId, tenant, rig);
                var done = await fixture.Client.WaitForTerminal(jobId, TimeSpan.FromSeconds(60));
                Assert.True(done.Status == JobStatus.Completed, done.Describe());
                served.Add(rigs.Single(r => done.GpuId!.StartsWith(r.MinerId + ":", StringComparison.Ordinal)).MinerId);
            }

            Assert.Contains(served, m => m != agent.MinerId);
        }
        finally
        {
            await agent.StopAsync(CancellationToken.None);
            state.Delete(recursive: true);
        }

        foreach (var rig in agent.Rigs)
        {
            Assert.False((await fixture.Client.GetGrain<IMinerGrain>(rig.MinerId).GetSnapshot())!.Online);
        }
    }

    [Fact]
    public async Task A_result_the_cluster_could_not_store_is_delivered_again_without_waiting_for_the_execution_timeout()
    {
        var state = Directory.CreateTempSubdirectory("aitbc-rigs-test-");
        await using var provider = await Daemon(state, gpus: 1);
        var agent = provider.GetRequiredService<MinerAgent>();
        try
        {
            var rig = Assert.Single(agent.Rigs);
            await TestWait.Until(async () => (await fixture.Client.GetGrain<IMinerGrain>(rig.MinerId).GetSnapshot())?.Online == true, TimeSpan.FromSeconds(30));
            await new StakeHelper(fixture.Client).Stake(rig.MinerId, 100m);
            var tenant = await fixture.Client.FundedTenant(10m);
            var jobId = $"rig-report-{Guid.NewGuid():N}";
            // The database is down when the result arrives: the job cannot store its completion, twice.
            fixture.Faults.FailWrites<JobState>("job", jobId, s => s.Status == JobStatus.Completed, times: 2);
            await SubmitDemoJob(jobId, tenant, rig);

            // The domain clock stands still: only the miner offering its result again can end the job. (Watchers of the job
            // see the failed writes too: the poll rides over them.)
            var job = fixture.Client.GetGrain<IJobGrain>(jobId);
            await TestWait.Until(async () => (await job.Get())?.Status.IsTerminal() == true, TimeSpan.FromSeconds(60));
            var done = (await job.Get())!;

            Assert.True(done.Status == JobStatus.Completed, done.Describe());
            Assert.Equal(2, fixture.Faults.Injected(jobId));
            Assert.Single(done.Attempts);
        }
        finally
        {
            await agent.StopAsync(CancellationToken.None);
            state.Delete(recursive: true);
        }
    }

    /// <summary>The demo model's job, from where the rig is.</summary>
    private async Task SubmitDemoJob(string jobId, string tenant, MinerRig rig)
    {
        var demo = DemoModels.Default;
        var model = await ModelStore.PutAsync(fixture.Client, demo.Name, "MIT", "test", demo.ModelBytes,
            [new TensorSpec(demo.InputName, TensorElementType.Float32, [-1, demo.InputDim])],
            [new TensorSpec(demo.OutputName, TensorElementType.Float32, [-1, demo.OutputDim])], DateTimeOffset.UtcNow);
        await fixture.Client.GetGrain<IJobGrain>(jobId).Submit(new JobSubmission(
            tenant, model.ModelId, JobType.Inference,
            new Dictionary<string, TensorData> { [demo.InputName] = TensorData.FromFloats(new float[demo.InputDim], 1, demo.InputDim) },
            LatencyClass.Standard, rig.Devices[0].Registration.Location, null, 1m, null));
    }

    /// <summary>A miner daemon simulating <paramref name="gpus"/> GPUs on this fixture's cluster, its rigs enrolled through the grains.</summary>
    private async Task<ServiceProvider> Daemon(DirectoryInfo state, int gpus)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IGrainFactory>(fixture.Client);
        var enrollment = new LocalRigEnrollment(fixture.Client, new DomainTime(fixture.Time));
        services.AddSingleton<IRigEnrollment>(enrollment);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<RigSessions>();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MinerId"] = $"rigs-{Guid.NewGuid():N}"[..21],
            ["StateDirectory"] = state.FullName,
            ["GatewayUrl"] = "",
            ["Simulate"] = gpus.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SyntheticDelayMs"] = "1",
        }).Build();
        services.AddAitbcMiner(config);
        var provider = services.BuildServiceProvider();
        await enrollment.EnsureAsync(provider.GetRequiredService<MinerOptions>(), provider.GetRequiredService<Aitbc.Orleans.Miner.Identity.MinerIdentity>(), again: true, TestContext.Current.CancellationToken);
        await provider.GetRequiredService<MinerAgent>().StartAsync(TestContext.Current.CancellationToken);
        return provider;
    }
}
