using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Storage;
using Aitbc.Orleans.Tests.Fixtures;
using Npgsql;

namespace Aitbc.Orleans.Tests.Postgres;

/// <summary>
/// What a job costs the database, counted by PostgreSQL itself (transactions committed in the cluster's database while
/// 200 jobs run, 16 at a time, background membership writes included). A per-job reminder, an unbounded ledger row or a
/// write per notification would show here long before it showed in a benchmark.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class JobRoundTripTests(PostgresDatabase db)
{
    /// <summary>Measured 24.75 per job when written (the job path before it: 45.4); the bound leaves room for noise.</summary>
    private const double MaxTransactionsPerJob = 35;

    [Fact]
    public async Task A_job_costs_a_bounded_number_of_database_round_trips()
    {
        db.EnsureAvailable();
        await using var cluster = await db.StartClusterAsync(b => b.AddSiloBuilderConfigurator<AitbcDomainSiloConfigurator>());
        var grains = cluster.Client;
        using var miner = new TestMiner(grains, $"rt-miner-{Guid.NewGuid():N}");
        // A large stake: on a loaded machine some of the 220 jobs miss their SLA and are slashed for it, and in CI the
        // default 100 fell below the minimum mid-run, which left the rest unroutable (this test counts round trips).
        await miner.Register(cluster.Client, [TestMiner.Gpu(miner.GpuId("rt-gpu"), 52.52, 13.40, concurrency: 16)], stake: 1_000_000m);

        // This cluster runs on real time: heartbeat as a daemon does, so a slow run on a busy machine keeps the GPU online.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var heartbeats = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await miner.Heartbeat([miner.GpuId("rt-gpu")]);
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    // A daemon retries a failed heartbeat (in CI one write once hit Npgsql's 30 s timeout): the loop
                    // stopping here took the GPU offline and stalled the jobs for minutes, which is not what this counts.
                    TestContext.Current.SendDiagnosticMessage($"heartbeat failed, retrying: {e.Message}");
                }
                await Task.Delay(TimeSpan.FromSeconds(5), stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }, TestContext.Current.CancellationToken);
        var tenant = await grains.FundedTenant(1000m);
        var model = await grains.SmallModel();
        for (var i = 0; i < 20; i++)
        {
            await RunJob(grains, tenant, model.ModelId);
        }

        var before = await Transactions();
        // 200 jobs, as many at once as the GPU has slots: this counts what a job costs the database, not what waiting
        // for capacity costs (a saturated GPU on a loaded machine kept some jobs queued past the test's patience).
        const int jobs = 200;
        using var slots = new SemaphoreSlim(16);
        var done = await Task.WhenAll(Enumerable.Range(0, jobs).Select(async _ =>
        {
            await slots.WaitAsync(TestContext.Current.CancellationToken);
            try
            {
                return await RunJob(grains, tenant, model.ModelId);
            }
            finally
            {
                slots.Release();
            }
        }));
        Assert.True(await grains.LedgerDelivered(tenant));
        var perJob = (await Transactions() - before) / (double)jobs;

        await stop.CancelAsync();
        await heartbeats;
        Assert.All(done, v => Assert.True(v.Status == JobStatus.Completed, v.Describe()));
        TestContext.Current.SendDiagnosticMessage($"{perJob:0.00} database transactions per job");
        Assert.True(perJob <= MaxTransactionsPerJob, $"{perJob:0.00} database transactions per job");
    }

    private static async Task<JobView> RunJob(IGrainFactory grains, string tenant, string modelId)
    {
        var id = $"rt-{Guid.NewGuid():N}";
        var submission = ClusterTestExtensions.Job(tenant, modelId, new(52.5, 13.4), maxPrice: 0.5m);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await grains.GetGrain<IJobGrain>(id).Submit(submission);
                break;
            }
            catch (StorageUnavailableException e) when (attempt < 3)
            {
                // A client retries a refusal for storage (the gateway answers it 503), and a submission replays
                // idempotently. In CI one job grain's state read once waited out Npgsql's timeout on the loaded machine:
                // this test counts what a job costs the database, not whether the database always answers in time.
                TestContext.Current.SendDiagnosticMessage($"{id}: refused for storage ({e.Message}); submitting again");
            }
        }

        return await grains.WaitForTerminal(id, TimeSpan.FromSeconds(120));
    }

    private async Task<long> Transactions()
    {
        // Backends report their counts at most once a second.
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()", connection);
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
