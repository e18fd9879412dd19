using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Postgres;

/// <summary>GPU, miner, region, ledger, escrow and job state on PostgreSQL survive a restart of every silo.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DomainPersistenceTests(PostgresDatabase db)
{
    [Fact]
    public async Task Fleet_ledger_and_job_state_survive_restarting_every_silo_and_settlement_stays_exactly_once()
    {
        db.EnsureAvailable();
        var jobId = $"pg-job-{Guid.NewGuid():N}";
        string clusterId, serviceId, minerId, tenant, publicKey, gpuId;
        decimal charged;

        await using (var first = await db.StartClusterAsync(b => b.AddSiloBuilderConfigurator<AitbcDomainSiloConfigurator>()))
        {
            (clusterId, serviceId) = (first.Options.ClusterId, first.Options.ServiceId);
            var grains = first.Client;
            using var miner = new TestMiner(grains, $"pg-miner-{Guid.NewGuid():N}");
            (minerId, publicKey) = (miner.MinerId, miner.PublicKey);
            gpuId = miner.GpuId("pg-gpu");
            await miner.Register(first.Client, [TestMiner.Gpu(gpuId, 52.52, 13.40)]); // Berlin
            await miner.Heartbeat([gpuId], temperatureC: 78);
            tenant = await grains.FundedTenant(5m);
            var model = await grains.SmallModel();

            await grains.GetGrain<IJobGrain>(jobId).Submit(ClusterTestExtensions.Job(tenant, model.ModelId, new(52.5, 13.4), maxPrice: 0.5m));
            var done = await grains.WaitForTerminal(jobId, TimeSpan.FromSeconds(60));
            Assert.True(done.Status == JobStatus.Completed, done.Describe());
            charged = done.PriceCharged!.Value;
            Assert.True(await grains.LedgerDelivered(tenant));
        }

        await using var second = await db.StartClusterAsync(
            b => b.AddSiloBuilderConfigurator<AitbcDomainSiloConfigurator>(), clusterId: clusterId, serviceId: serviceId);
        var g = second.Client;

        var gpu = await g.GetGrain<IGpuGrain>(gpuId).GetSnapshot();
        Assert.NotNull(gpu);
        Assert.Equal(minerId, gpu.MinerId);
        Assert.Equal("GeForce RTX 4090", gpu.Profile.Name);
        Assert.Equal(ThermalState.Warning, gpu.Thermal);
        Assert.Equal(78, gpu.LastTelemetry!.TemperatureC);
        Assert.Empty(gpu.ActiveJobs);

        var minerSnapshot = await g.GetGrain<IMinerGrain>(minerId).GetSnapshot();
        Assert.Equal(publicKey, minerSnapshot!.PublicKey);
        Assert.Equal([gpuId], minerSnapshot.GpuIds);

        // The region's index is not stored: with every silo restarted and the miner not yet heard from again, its GPU
        // (restored unconfirmed) is not offered to routing; its miner's next registration or heartbeat indexes it again.
        Assert.DoesNotContain(await g.GetGrain<IRegionGrain>(gpu.Region).ListGpus(), s => s.GpuId == gpuId);

        var tenantAccount = await g.GetGrain<IAccountGrain>(tenant).GetSnapshot();
        Assert.Equal(5m - charged, tenantAccount.Balance);
        Assert.Equal(0m, tenantAccount.Escrow);
        var minerAccount = await g.GetGrain<IAccountGrain>(LedgerAccounts.ForMiner(minerId)).GetSnapshot();
        Assert.Equal(100m, minerAccount.Stake);
        Assert.True(minerAccount.Earned > 0);

        var job = await g.GetGrain<IJobGrain>(jobId).Get();
        Assert.Equal(JobStatus.Completed, job!.Status);
        Assert.Equal(charged, job.PriceCharged);

        // Replays after the restart move nothing: the payer knows the job's escrow is closed, and remembers its credit.
        var payer = g.GetGrain<IAccountGrain>(tenant);
        Assert.True((await EscrowSteps.Settle(payer, jobId, charged, LedgerAccounts.ForMiner(minerId), 0)).Duplicate);
        Assert.True((await EscrowSteps.Refund(payer, jobId, charged)).Duplicate);
        var replay = await g.GetGrain<IAccountGrain>(tenant).Apply(new LedgerOperation($"fund:{tenant}", LedgerOperationKind.Credit, 5m, "test funding"));
        Assert.True(replay.Duplicate);
        Assert.Equal(5m - charged, (await g.GetGrain<IAccountGrain>(tenant).GetSnapshot()).Balance);
        Assert.Equal(minerAccount.Earned, (await g.GetGrain<IAccountGrain>(LedgerAccounts.ForMiner(minerId)).GetSnapshot()).Earned);
    }
}
