using Aitbc.Orleans.Access;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Trust;

/// <summary>MinerGrain.Register accepts only an enrolled miner's registration, signed with its enrolled key over a fresh, unused challenge.</summary>
public sealed class SignedRegistrationTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private IClusterClient Grains => fixture.Client;

    [Fact]
    public async Task An_unenrolled_miner_is_refused()
    {
        using var miner = new TestMiner(Grains, TestMiner.NewMinerId());
        await Assert.ThrowsAsync<MinerNotEnrolledException>(() => miner.RegisterSigned(Grains, [TestMiner.Gpu(miner.GpuId("g0"), 52.5, 13.4)]));
    }

    [Fact]
    public async Task Only_a_fresh_unused_challenge_signed_by_the_enrolled_key_is_accepted()
    {
        using var miner = new TestMiner(Grains, TestMiner.NewMinerId());
        await miner.Enroll();
        var gpus = new[] { TestMiner.Gpu(miner.GpuId("g0"), 52.5, 13.4) };
        var grain = Grains.GetGrain<IMinerGrain>(miner.MinerId);
        var observer = miner.Reference(Grains);

        var unsigned = (await miner.Signed(gpus)) with { Signature = null };
        await Assert.ThrowsAsync<RegistrationRefusedException>(() => grain.Register(unsigned, observer));

        using var impostor = new TestMiner(Grains, miner.MinerId);
        var forged = await impostor.Signed(gpus) with { PublicKey = miner.PublicKey };
        await Assert.ThrowsAsync<RegistrationRefusedException>(() => grain.Register(forged, observer));

        var signed = await miner.Signed(gpus);
        var tampered = signed with { Gpus = [gpus[0] with { PriceFloor = 0 }] };
        await Assert.ThrowsAsync<RegistrationRefusedException>(() => grain.Register(tampered, observer));

        fixture.Time.Advance(TimeSpan.FromMinutes(3));
        var stale = await Assert.ThrowsAsync<RegistrationRefusedException>(() => grain.Register(signed, observer));
        Assert.Contains("expired", stale.Message, StringComparison.Ordinal);

        var fresh = await miner.Signed(gpus);
        Assert.Equal([miner.GpuId("g0")], (await grain.Register(fresh, observer)).GpuIds);
        var replay = await Assert.ThrowsAsync<RegistrationRefusedException>(() => grain.Register(fresh, observer));
        Assert.Contains("used already", replay.Message, StringComparison.Ordinal);
    }
}
