using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aitbc.Orleans.Access;
using Aitbc.Orleans.Dispatch;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Tests.Fixtures;
using Aitbc.Orleans.Trust;

namespace Aitbc.Orleans.Tests.Trust;

/// <summary>
/// Acceptance 2: an enrolled miner on the production cluster, with its genuine certificate and session and the stock
/// Orleans client libraries, tries every attack of issue #10, one test each, and the silos refuse it: the call filter
/// for calls outside its rights, the registration checks for claims it may not make. Each test also checks that the
/// target is unchanged.
/// </summary>
[Collection(ProductionClusterCollection.Name)]
public sealed class AttackTests(AttackWorld world) : IClassFixture<AttackWorld>
{
    private IClusterClient Attacker => world.Attacker.Client;

    [Fact]
    public async Task Creating_an_operator_api_key_is_denied()
    {
        var key = ApiKeys.Generate();
        var record = new ApiKeyRecord(ApiKeys.IdOf(key), "attacker-ops", [AccessRoles.Operator, AccessRoles.Submitter], null, DateTimeOffset.UtcNow, "mine now");
        await Assert.ThrowsAsync<CallDeniedException>(() => Attacker.GetGrain<IApiKeyGrain>(record.KeyId).Create(record));

        // Even a miner-only record (what gateways may write at enrolment) is not the miner's to write.
        var minerKey = record with { Roles = [AccessRoles.Miner], MinerId = world.Attacker.MinerId, AccountId = LedgerAccounts.ForMiner(world.Attacker.MinerId) };
        await Assert.ThrowsAsync<CallDeniedException>(() => Attacker.GetGrain<IApiKeyGrain>(record.KeyId).Create(minerKey));

        using var http = world.Cluster.Http(key);
        using var attempt = await http.GetAsync("/v1/accounts/me", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, attempt.StatusCode);
    }

    [Fact]
    public async Task Moving_a_tenants_balance_is_denied()
    {
        var before = await Balance(world.VictimOwner);
        var escrow = Attacker.GetGrain<IEscrowGrain>($"heist-{Guid.NewGuid():N}");
        await Assert.ThrowsAsync<CallDeniedException>(() => escrow.Hold(world.VictimOwner, 50m));
        await Assert.ThrowsAsync<CallDeniedException>(() => escrow.Settle(LedgerAccounts.ForMiner(world.Attacker.MinerId), 50m));
        await Assert.ThrowsAsync<CallDeniedException>(() => Attacker.GetGrain<IAccountGrain>(world.VictimOwner).Apply(
            new LedgerOperation($"heist-{Guid.NewGuid():N}", LedgerOperationKind.Hold, 50m, "mine", "heist")));
        await Assert.ThrowsAsync<CallDeniedException>(() => Attacker.GetGrain<IAccountGrain>(LedgerAccounts.ForMiner(world.Attacker.MinerId)).Apply(
            new LedgerOperation($"gift-{Guid.NewGuid():N}", LedgerOperationKind.Credit, 1_000m, "free money")));
        Assert.Equal(before, await Balance(world.VictimOwner));
    }

    [Fact]
    public async Task Overflowing_the_platform_account_is_denied()
    {
        var before = await Balance(LedgerAccounts.Platform);
        await Assert.ThrowsAsync<CallDeniedException>(() => Attacker.GetGrain<IAccountGrain>(LedgerAccounts.Platform).Apply(
            new LedgerOperation($"overflow-{Guid.NewGuid():N}", LedgerOperationKind.Credit, decimal.MaxValue, "overflow")));
        Assert.Equal(before, await Balance(LedgerAccounts.Platform));
    }

    [Fact]
    public async Task Reading_other_tenants_jobs_is_denied()
    {
        await Assert.ThrowsAsync<CallDeniedException>(() => Attacker.GetGrain<ITenantJobsGrain>(world.VictimTenant).List(100));
        await Assert.ThrowsAsync<CallDeniedException>(() => Attacker.GetGrain<IJobGrain>(world.VictimJob).Get());
        await Assert.ThrowsAsync<CallDeniedException>(() => Attacker.GetGrain<IJobGrain>(world.VictimJob).WaitForChange(0, TimeSpan.FromSeconds(1)));
        await Assert.ThrowsAsync<CallDeniedException>(() => Attacker.GetGrain<IJobGrain>(world.VictimJob).Cancel());
    }

    [Fact]
    public async Task Getting_a_competitor_slashed_is_denied()
    {
        await world.RegisterRigs();
        var victim = Attacker.GetGrain<IMinerGrain>(world.Victim.MinerId);
        var scorching = new GpuTelemetry(95, 400, 100, 1000, 20, 100);
        await Assert.ThrowsAsync<CallDeniedException>(() => victim.Deregister());
        await Assert.ThrowsAsync<CallDeniedException>(() => victim.Heartbeat([new GpuHeartbeat(world.VictimGpu, scorching)])); // older daemons' path
        await Assert.ThrowsAsync<CallDeniedException>(() => Attacker.GetGrain<IGpuShardGrain>(world.Victim.MinerId).Heartbeat([new GpuHeartbeat(world.VictimGpu, scorching)]));
        await Assert.ThrowsAsync<CallDeniedException>(() => Attacker.GetGrain<IGpuShardGrain>(world.Victim.MinerId).CheckLiveness());
        await Assert.ThrowsAsync<CallDeniedException>(() => Attacker.GetGrain<IGpuGrain>(world.VictimGpu).Heartbeat(scorching));
        await Assert.ThrowsAsync<CallDeniedException>(() => Attacker.GetGrain<IGpuGrain>(world.VictimGpu).MarkOffline("gone"));

        // A heartbeat for the victim's GPU sent to the attacker's own shard is not the attacker's GPU: ignored.
        Assert.True(await Attacker.GetGrain<IGpuShardGrain>(world.Attacker.MinerId).Heartbeat([new GpuHeartbeat(world.VictimGpu, scorching)]));

        var seen = await world.Victim.Client.GetGrain<IGpuGrain>(world.VictimGpu).GetSnapshot();
        Assert.True(seen!.Online);
        Assert.NotEqual(ThermalState.Shutdown, seen.Thermal);
        Assert.True((await world.Victim.Client.GetGrain<IMinerGrain>(world.Victim.MinerId).GetSnapshot())!.Online);

        // The victim's own rig may use the older daemons' path: its reading arrives.
        var mild = new GpuTelemetry(47, 180, 30, 1000, 20, 100);
        Assert.True(await world.Victim.Client.GetGrain<IMinerGrain>(world.Victim.MinerId).Heartbeat([new GpuHeartbeat(world.VictimGpu, mild)]));
        Assert.Equal(47, (await world.Victim.Client.GetGrain<IGpuGrain>(world.VictimGpu).GetSnapshot())!.LastTelemetry!.TemperatureC);
    }

    [Fact]
    public async Task Taking_over_another_rigs_gpu_is_refused()
    {
        var stolen = AttackWorld.Gpu(world.VictimGpu, -33.87, 151.21) with { MinerId = world.Attacker.MinerId };
        await Assert.ThrowsAsync<CallDeniedException>(() => Attacker.GetGrain<IGpuGrain>(world.VictimGpu).Register(stolen));
        var refused = await Assert.ThrowsAsync<RegistrationRefusedException>(() => world.Attacker.Miner.RegisterSigned(Attacker, [stolen]));
        Assert.Contains($"GPU ids are '{world.Attacker.MinerId}:<device>'", refused.Message, StringComparison.Ordinal);

        var victimGpu = await world.Victim.Client.GetGrain<IGpuGrain>(world.VictimGpu).GetSnapshot();
        Assert.Equal(world.Victim.MinerId, victimGpu!.MinerId);
        Assert.Equal(35.68, victimGpu.Location.Latitude);
    }

    [Fact]
    public async Task Hijacking_a_miner_id_with_the_victims_public_key_is_denied()
    {
        await world.RegisterRigs();
        // The victim's key is public. Registering it on the victim's miner grain with the attacker's observer:
        var victimsKey = world.Victim.Miner.PublicKey;
        var hijack = new MinerRegistration(world.Victim.MinerId, LedgerAccounts.ForMiner(world.Victim.MinerId), victimsKey,
            [AttackWorld.Gpu(world.VictimGpu, 35.68, 139.69)], "evil");
        await Assert.ThrowsAsync<CallDeniedException>(() =>
            Attacker.GetGrain<IMinerGrain>(world.Victim.MinerId).Register(hijack, world.Attacker.Miner.Reference(Attacker)));

        // Signing in as the victim needs the victim's private key: the attacker's signature does not verify.
        var access = Attacker.GetGrain<IClusterAccessGrain>(0);
        var challenge = await access.GetChallenge();
        var subject = new CallerIdentity(CallerKind.Miner, world.Victim.MinerId).ToString();
        await Assert.ThrowsAsync<SignInRefusedException>(() => access.SignIn(
            new SignInRequest(challenge.Value, world.Attacker.Miner.Sign(SignInPayload.For(challenge.Value, subject)), MinerId: world.Victim.MinerId)));

        // And its own miner grain accepts only its own enrolled key.
        var ownWithVictimsKey = await world.Attacker.Miner.Signed([AttackWorld.Gpu(world.AttackerGpu, -33.87, 151.21)]);
        await Assert.ThrowsAsync<RegistrationRefusedException>(() => Attacker.GetGrain<IMinerGrain>(world.Attacker.MinerId)
            .Register(ownWithVictimsKey with { PublicKey = victimsKey }, world.Attacker.Miner.Reference(Attacker)));
        Assert.True((await world.Victim.Client.GetGrain<IMinerGrain>(world.Victim.MinerId).GetSnapshot())!.Online);
    }

    [Fact]
    public async Task Declaring_itself_cloud_or_attested_is_refused()
    {
        var cloud = await Assert.ThrowsAsync<RegistrationRefusedException>(() => world.Attacker.Miner.RegisterSigned(Attacker,
            [AttackWorld.Gpu(world.AttackerGpu, -33.87, 151.21) with { Pool = PoolKind.Cloud }]));
        Assert.Contains("operators admitted this miner as Edge", cloud.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RegistrationRefusedException>(() => world.Attacker.Miner.RegisterSigned(Attacker,
            [AttackWorld.Gpu(world.AttackerGpu, -33.87, 151.21) with { Attested = true }]));

        // The admission itself is the operators' to set.
        await Assert.ThrowsAsync<CallDeniedException>(() => Attacker.GetGrain<IMinerEnrollmentGrain>(world.Attacker.MinerId).SetAdmission(PoolKind.Cloud, true));
        var gpu = await Attacker.GetGrain<IGpuGrain>(world.AttackerGpu).GetSnapshot();
        Assert.Equal(PoolKind.Edge, gpu!.Pool);
    }

    [Fact]
    public async Task Registering_simulated_gpus_or_more_than_the_cap_is_refused()
    {
        var simulated = await Assert.ThrowsAsync<RegistrationRefusedException>(() => world.Attacker.Miner.RegisterSigned(Attacker,
            [TestMiner.Gpu(world.Attacker.Miner.GpuId("fake"), -33.87, 151.21)]));
        Assert.Contains("simulated", simulated.Message, StringComparison.Ordinal);

        var swarm = Enumerable.Range(0, 17).Select(i => AttackWorld.Gpu(world.Attacker.Miner.GpuId($"g{i}"), -33.87, 151.21)).ToArray();
        var capped = await Assert.ThrowsAsync<RegistrationRefusedException>(() => world.Attacker.Miner.RegisterSigned(Attacker, swarm));
        Assert.Contains("more than the 16 a miner may register", capped.Message, StringComparison.Ordinal);
        Assert.Equal([world.AttackerGpu], (await Attacker.GetGrain<IMinerGrain>(world.Attacker.MinerId).GetSnapshot())!.GpuIds);
    }

    [Fact]
    public async Task The_management_grain_and_other_system_grains_are_denied()
    {
        await Assert.ThrowsAsync<CallDeniedException>(() => Attacker.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<CallDeniedException>(() => Attacker.GetGrain<IManagementGrain>(0).ForceGarbageCollection([], TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<CallDeniedException>(() => Attacker.GetGrain<IClusterAccessGrain>(0).GetSiloGateways());
        await Assert.ThrowsAsync<CallDeniedException>(() => Attacker.GetGrain<IMinerGrain>(world.Attacker.MinerId).RefreshStake());
    }

    [Fact]
    public async Task A_forged_identity_in_the_request_context_is_refused()
    {
        // What a stock client could put in the request context: an operator's token it made up, the internal marker's key.
        RequestContext.Set(TrustRequestContext.TokenKey, "3.b3Bz.4102444800.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        RequestContext.Set(TrustRequestContext.InternalKey, "AAAAAAAAAAAAAAAAAAAAAA");
        try
        {
            await Assert.ThrowsAsync<SessionInvalidException>(() => Attacker.GetGrain<IAccountGrain>(LedgerAccounts.Platform).GetSnapshot());
        }
        finally
        {
            RequestContext.Clear();
        }
    }

    private async Task<decimal> Balance(string account)
    {
        using var http = world.Cluster.Http(world.Cluster.OperatorKey);
        var snapshot = await http.GetFromJsonAsync<JsonObject>($"/v1/accounts/{account}", TestContext.Current.CancellationToken);
        return snapshot!["balance"]!.GetValue<decimal>();
    }
}
