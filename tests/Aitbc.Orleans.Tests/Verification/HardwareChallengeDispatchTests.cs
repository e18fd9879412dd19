using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Miner.Daemon;
using Aitbc.Orleans.Miner.Simulation;
using Aitbc.Orleans.Tensors;
using Aitbc.Orleans.Tests.Fixtures;
using Aitbc.Orleans.Verification;

namespace Aitbc.Orleans.Tests.Verification;

/// <summary>
/// Hardware challenges dispatched by the cluster, with no call from the test: each simulated GPU registering with the
/// real daemon gets a known-answer job pinned to it, paid by the platform. A CPU-backed one (real ONNX Runtime) claiming
/// an RTX 4090 answers right, stays routable and is flagged as a suspected misreported model, since a CPU is far more
/// than ten times slower than a 4090; a synthetic one answering zeros is blocked.
/// </summary>
public sealed class HardwareChallengeDispatchTests(ChallengeClusterFixture fixture) : IClassFixture<ChallengeClusterFixture>
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task Registering_gpus_are_challenged_an_honest_slow_one_is_flagged_and_a_zero_answering_one_is_blocked()
    {
        await Grains.GetGrain<IAccountGrain>(LedgerAccounts.Platform).Apply(
            new LedgerOperation($"fund-challenges:{Guid.NewGuid():N}", LedgerOperationKind.Credit, 10m, "test float for challenges"));
        var seed = SeedOfA4090();
        await using var honest = await Daemon("honest-4090", new() { ["Simulate"] = "1", ["SimulationSeed"] = seed });
        await using var zeros = await Daemon("zeros", new() { ["Simulate"] = "1", ["SimulationSeed"] = seed, ["SyntheticDelayMs"] = "5" });
        var honestGpu = Assert.Single(honest.Agent.Rigs[0].Devices).GpuId;
        var zerosGpu = Assert.Single(zeros.Agent.Rigs[0].Devices).GpuId;
        Assert.Equal("GeForce RTX 4090", (await Grains.GetGrain<IGpuGrain>(honestGpu).GetSnapshot())!.Profile.Name);

        var passed = await Judged(honestGpu);
        var failed = await Judged(zerosGpu);

        Assert.True(passed.LastResult!.AnswerCorrect, passed.LastResult.Detail);
        Assert.True(passed.LastResult.Slowdown >= 10, $"{passed.LastResult.MeasuredMs} ms against {passed.LastResult.ExpectedMs} ms expected");
        var honestRecord = await Grains.GetGrain<IGpuIntegrityGrain>(honestGpu).Get();
        Assert.False(honestRecord.Blocked);
        Assert.Contains(honestRecord.Flags, f => f.StartsWith("suspected misreported model", StringComparison.Ordinal));
        Assert.True((await Grains.GetGrain<IGpuGrain>(honestGpu).GetSnapshot())!.Available);

        Assert.False(failed.LastResult!.AnswerCorrect);
        Assert.True((await Grains.GetGrain<IGpuIntegrityGrain>(zerosGpu).Get()).Blocked);
        var blocked = await Grains.GetGrain<IGpuGrain>(zerosGpu).GetSnapshot();
        Assert.False(blocked!.Available);
        Assert.StartsWith("blocked by verification: hardware challenge", blocked.Routing.NotRoutableReason, StringComparison.Ordinal);

        // The challenge was an ordinary job of the platform's account, pinned to the GPU, with no fee; the next one is 6-24 h away.
        var job = (await Grains.GetGrain<IJobGrain>(passed.LastResult.ChallengeId).Get())!;
        Assert.Equal((LedgerAccounts.Platform, JobStatus.Completed), (job.TenantAccountId, job.Status));
        Assert.All(job.Attempts, a => Assert.Equal(honestGpu, a.GpuId));
        Assert.Matches("^j-[0-9a-f]{32}$", job.JobId);
        var wait = passed.NextDueAt!.Value - fixture.Time.GetUtcNow();
        Assert.InRange(wait, TimeSpan.FromHours(6), TimeSpan.FromHours(24));
    }

    [Fact]
    public async Task Only_the_platform_may_pin_a_job_to_a_gpu()
    {
        var tenant = await Grains.FundedTenant(10m);
        var model = await Grains.SmallModel();
        var pinned = new JobSubmission(
            tenant, model.ModelId, JobType.Inference, new Dictionary<string, TensorData>(), LatencyClass.Standard, new(0, 0), null, 1m, null,
            PinnedGpu: "someone:gpu0");

        var refused = await Assert.ThrowsAsync<JobRejectedException>(() => Grains.GetGrain<IJobGrain>($"j-{Guid.NewGuid():N}").Submit(pinned));

        Assert.Equal(JobRejection.Invalid, refused.Kind);
    }

    /// <summary>Waits until the GPU's first challenge has been judged (the cluster sends it on registration).</summary>
    private async Task<HardwareChallengeView> Judged(string gpuId)
    {
        var grain = Grains.GetGrain<IHardwareChallengeGrain>(gpuId);
        await TestWait.Until(async () => (await grain.Get()) is { RunningJobId: null, LastResult: not null }, TimeSpan.FromSeconds(120),
            $"GPU {gpuId} was not challenged");
        var view = await grain.Get();
        Assert.Equal(1, view.Issued);
        return view;
    }

    private async Task<InProcessDaemon> Daemon(string prefix, Dictionary<string, string?> settings)
    {
        // Staked before it registers, so its GPU is routable from the start (and the challenge is not left waiting).
        var minerId = $"{prefix}-{Guid.NewGuid():N}";
        await new StakeHelper(Grains).Stake(minerId, 100m);
        settings["MinerId"] = minerId;
        return await InProcessDaemon.StartAsync(fixture.Client, prefix, 52.52, 13.40, settings);
    }

    /// <summary>A simulation seed whose one-GPU rig is an RTX 4090 (the daemon draws the rig's size, city and profile in this order).</summary>
    private static string SeedOfA4090()
    {
        var options = new MinerOptions();
        for (var seed = 1; ; seed++)
        {
            var random = new Random(seed);
            SimulatedFleet.RigSizes(1, random);
            if (SimulatedFleet.RigDevices("probe", 1, random, options, null)[0].Registration.ReportedName.EndsWith("RTX 4090", StringComparison.Ordinal))
            {
                return seed.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }
}
