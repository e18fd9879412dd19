using System.Security.Cryptography;
using Aitbc.Orleans.Attestation;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Attestation;

/// <summary>
/// Software attestation through the real grains: a challenge with a fresh nonce, the measurement signed with the
/// miner's enrolled key, the operators' allowlist, a 24 h attestation that alone sets the GPUs' routing flag, and the
/// GPU refusing a reservation that needs attestation once it has lapsed.
/// </summary>
public sealed class AttestationTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private static readonly AttestationMeasurement Good = new("ab12cd34", "1.22.0", "560.35.03", ["GPU-0f1e2d3c"], "Linux 6.8 x86_64");

    private readonly List<TestMiner> _miners = [];

    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task A_signed_measurement_on_the_allowlist_is_attested_for_24_hours_and_scored()
    {
        await Allowlist(new DriverRecord("560.35.03", DateOnly.FromDateTime(fixture.Time.GetUtcNow().UtcDateTime.AddDays(-30))),
            new DriverRecord("470.57.02", new DateOnly(2021, 7, 19), KnownVulnerable: true));
        var (miner, gpu) = await StartMiner(59.33, 18.07);

        var result = await Attest(miner, Good);

        Assert.True(result.Accepted, result.RefusedReason);
        Assert.Equal(fixture.Time.GetUtcNow() + TimeSpan.FromHours(24), result.ValidUntil);
        Assert.Equal(1.0, result.IntegrityScore);
        Assert.True((await Grains.GetGrain<IGpuGrain>(gpu).GetSnapshot())!.Routing.Attested);

        // An old driver known to be vulnerable: both deductions of the plan.
        var old = await Attest(miner, Good with { DriverVersion = "470.57.02" });
        Assert.True(old.Accepted, old.RefusedReason);
        Assert.Equal(0.5, old.IntegrityScore, 6);
        Assert.Equal(2, old.Deductions.Count);
    }

    [Fact]
    public async Task A_forged_signature_a_replayed_nonce_a_stale_challenge_and_an_unlisted_measurement_are_each_refused()
    {
        await Allowlist(new DriverRecord("560.35.03"));
        var (miner, gpu) = await StartMiner(60.17, 24.94);
        var grain = Grains.GetGrain<IMinerAttestationGrain>(miner.MinerId);

        // Forged: signed by a key that is not the enrolled one.
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var challenge = await grain.Challenge();
        var forged = await grain.Attest(AttestationPayload.Sign(miner.MinerId, challenge.Nonce, Good,
            data => stranger.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)));
        Assert.False(forged.Accepted);
        Assert.Contains("enrolled key", forged.RefusedReason, StringComparison.Ordinal);

        // Replayed: a good answer works once.
        challenge = await grain.Challenge();
        var evidence = AttestationPayload.Sign(miner.MinerId, challenge.Nonce, Good, miner.Sign);
        Assert.True((await grain.Attest(evidence)).Accepted);
        var replay = await grain.Attest(evidence);
        Assert.False(replay.Accepted);
        Assert.Contains("used already", replay.RefusedReason, StringComparison.Ordinal);
        Assert.False((await grain.Get()).Attested); // a refusal withdraws the attestation

        // Stale: answered after the challenge's five minutes.
        challenge = await grain.Challenge();
        fixture.Time.Advance(TimeSpan.FromMinutes(6));
        var stale = await grain.Attest(AttestationPayload.Sign(miner.MinerId, challenge.Nonce, Good, miner.Sign));
        Assert.False(stale.Accepted);
        Assert.Contains("stale", stale.RefusedReason, StringComparison.Ordinal);

        // Off the allowlist: each declared part is checked.
        foreach (var unlisted in new[] { Good with { BinarySha256 = "ffff" }, Good with { OnnxRuntimeVersion = "1.9.0" }, Good with { DriverVersion = "999" }, Good with { Os = "Windows" } })
        {
            var refused = await Attest(miner, unlisted);
            Assert.False(refused.Accepted);
            Assert.Contains("allowlist", refused.RefusedReason, StringComparison.Ordinal);
        }

        Assert.False((await Grains.GetGrain<IGpuGrain>(gpu).GetSnapshot())!.Routing.Attested);
    }

    [Fact]
    public async Task A_job_that_requires_attestation_goes_only_to_an_attested_gpu_and_never_on_the_rigs_own_claim()
    {
        await Allowlist(new DriverRecord("560.35.03"));

        // The nearest GPU claims attestation in its registration (and the operators admitted that claim): not enough.
        var (claims, claimsGpu) = await StartMiner(40.42, -3.70, gpu => gpu with { Attested = true });
        var (attested, attestedGpu) = await StartMiner(41.39, 2.17);
        Assert.True((await Attest(attested, Good)).Accepted);
        var tenant = await Grains.FundedTenant(10m);
        var model = await Grains.SmallModel();

        for (var i = 0; i < 3; i++)
        {
            var jobId = $"j-{Guid.NewGuid():N}";
            await Grains.GetGrain<IJobGrain>(jobId).Submit(
                ClusterTestExtensions.Job(tenant, model.ModelId, new(40.4, -3.7)) with { RequireAttestation = true });
            var done = await Grains.WaitForTerminal(jobId);
            Assert.True(done.Status == JobStatus.Completed, done.Describe());
            Assert.All(done.Attempts, a => Assert.Equal(attestedGpu, a.GpuId));
            await Grains.GpuFreeAgain(attestedGpu);
        }

        Assert.Empty(claims.Received);

        // The GPU itself refuses such a reservation once the attestation has lapsed (past 24 h, not renewed).
        fixture.Time.Advance(TimeSpan.FromHours(25));
        await attested.Heartbeat([attestedGpu]);
        Assert.False((await Grains.GetGrain<IMinerAttestationGrain>(attested.MinerId).Get()).Attested);
        var gpu = Grains.GetGrain<IGpuGrain>(attestedGpu);
        var refused = await gpu.TryReserve(
            new ReservationRequest($"b-{Guid.NewGuid():N}", null, fixture.Time.GetUtcNow().AddMinutes(1), RequireAttestation: true));
        Assert.False(refused.Accepted);
        Assert.Equal("not attested", refused.Reason);
        Assert.True((await gpu.TryReserve(new ReservationRequest($"b-{Guid.NewGuid():N}", null, fixture.Time.GetUtcNow().AddMinutes(1)))).Accepted);
        Assert.False((await Grains.GetGrain<IGpuGrain>(claimsGpu).GetSnapshot())!.Routing.Attested);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var miner in _miners)
        {
            await Grains.GetGrain<IMinerGrain>(miner.MinerId).Deregister();
            miner.Dispose();
        }
    }

    private Task Allowlist(params DriverRecord[] drivers) =>
        Grains.GetGrain<IAttestationPolicyGrain>(0).Set(new AttestationPolicy([Good.BinarySha256], [Good.OnnxRuntimeVersion], drivers, ["Linux "]));

    private async Task<AttestationResult> Attest(TestMiner miner, AttestationMeasurement measurement)
    {
        var grain = Grains.GetGrain<IMinerAttestationGrain>(miner.MinerId);
        var challenge = await grain.Challenge();
        return await grain.Attest(AttestationPayload.Sign(miner.MinerId, challenge.Nonce, measurement, miner.Sign));
    }

    private async Task<(TestMiner Miner, string GpuId)> StartMiner(double lat, double lon, Func<GpuRegistration, GpuRegistration>? change = null)
    {
        var miner = new TestMiner(fixture.Client, TestMiner.NewMinerId());
        _miners.Add(miner);
        var gpuId = miner.GpuId("gpu0");
        var gpu = TestMiner.Gpu(gpuId, lat, lon);
        await miner.Register(fixture.Client, [change is null ? gpu : change(gpu)]);
        return (miner, gpuId);
    }
}
