using Aitbc.Orleans.Attestation;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Miner.Attestation;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Tensors;
using Aitbc.Orleans.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace Aitbc.Orleans.Tests.Miner.Attestation;

/// <summary>
/// The real daemon attests itself to a real cluster right after registering: one whose measurement is on the operators'
/// allowlist becomes attested and gets the jobs that require attestation; one whose binary is not stays unattested (the
/// cluster's reason recorded) and gets only jobs that do not.
/// </summary>
public sealed class DaemonAttestationTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task A_daemon_on_the_allowlist_is_attested_and_gets_attested_jobs_and_one_off_it_does_not()
    {
        var grains = fixture.Client;
        var measured = new DaemonMeasurement();
        await grains.GetGrain<IAttestationPolicyGrain>(0).Set(new AttestationPolicy(
            [measured.BinarySha256], [measured.OnnxRuntimeVersion], [new DriverRecord(DaemonMeasurement.NoDriver)], [DaemonMeasurement.Os]));
        var other = Path.GetTempFileName();
        await File.WriteAllTextAsync(other, "a modified daemon", TestContext.Current.CancellationToken);
        try
        {
            // Reykjavik: the listed daemon; Akureyri, nearer the client: a daemon whose binary is not listed.
            await using var listed = await InProcessDaemon.StartAsync(grains, "attested", 64.15, -21.94);
            await using var unlisted = await InProcessDaemon.StartAsync(grains, "unlisted", 65.68, -18.09,
                services: s => s.AddSingleton(new DaemonMeasurement(other)));
            var stake = new StakeHelper(grains);
            await stake.Stake(listed.MinerId, 100m);
            await stake.Stake(unlisted.MinerId, 100m);

            await TestWait.Until(async () => (await grains.GetGrain<IMinerAttestationGrain>(listed.MinerId).Get()).Attested, TimeSpan.FromSeconds(60),
                "the listed daemon did not attest");
            await TestWait.Until(async () => (await grains.GetGrain<IMinerAttestationGrain>(unlisted.MinerId).Get()).LastRefusal is not null, TimeSpan.FromSeconds(60),
                "the unlisted daemon's attestation was not refused");
            var refused = await grains.GetGrain<IMinerAttestationGrain>(unlisted.MinerId).Get();
            Assert.False(refused.Attested);
            Assert.Contains("is not on the allowlist", refused.LastRefusal, StringComparison.Ordinal);
            var status = await grains.GetGrain<IMinerAttestationGrain>(listed.MinerId).Get();
            Assert.Equal(["cpu-0"], status.Measurement!.GpuUuids);
            Assert.Equal(fixture.Time.GetUtcNow().AddHours(24), status.ValidUntil);
            Assert.True(listed.Provider.GetRequiredService<RigAttestation>().Last(listed.MinerId)!.Accepted);

            var listedGpu = Assert.Single(listed.Agent.Rigs[0].Devices).GpuId;
            var unlistedGpu = Assert.Single(unlisted.Agent.Rigs[0].Devices).GpuId;
            var mlp = DemoModels.Mlp(2, 8, 8, 3, seed: 13, name: "attested-daemon-mlp");
            var model = await ModelStore.PutAsync(grains, mlp.Name, "MIT", "test", mlp.ModelBytes,
                [new TensorSpec("input", TensorElementType.Float32, [-1, 8])], [new TensorSpec("output", TensorElementType.Float32, [-1, 3])],
                DateTimeOffset.UtcNow);
            var tenant = await grains.FundedTenant(10m);

            // Submitted next to the unlisted daemon: a job that requires attestation goes to the attested one.
            var attestedJob = await Run(tenant, model.ModelId, requireAttestation: true);
            Assert.True(attestedJob.Status == JobStatus.Completed, attestedJob.Describe());
            Assert.All(attestedJob.Attempts, a => Assert.Equal(listedGpu, a.GpuId));
            await grains.GpuFreeAgain(listedGpu);

            // The unlisted daemon is routable otherwise: a job that does not require attestation runs on it. The attested
            // GPU is left out of that job, so the test does not depend on which of the two the scorer ranks first (on a
            // loaded CI machine it once picked the attested one).
            var plainJob = await Run(tenant, model.ModelId, requireAttestation: false, excluded: [listedGpu]);
            Assert.True(plainJob.Status == JobStatus.Completed, plainJob.Describe());
            Assert.Equal(unlistedGpu, plainJob.GpuId);
        }
        finally
        {
            File.Delete(other);
        }
    }

    private async Task<JobView> Run(string tenant, string modelId, bool requireAttestation, IReadOnlyList<string>? excluded = null)
    {
        var jobId = $"j-{Guid.NewGuid():N}";
        await fixture.Client.GetGrain<IJobGrain>(jobId).Submit(new JobSubmission(
            tenant, modelId, JobType.Inference, new Dictionary<string, TensorData> { ["input"] = TensorData.FromFloats(new float[8], 1, 8) },
            LatencyClass.Standard, new(65.7, -18.1), null, 1m, null, RequireAttestation: requireAttestation, ExcludedGpus: excluded));
        return await fixture.Client.WaitForTerminal(jobId, TimeSpan.FromSeconds(90));
    }
}
