using System.Collections.Concurrent;
using Aitbc.Orleans.Dispatch;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.LoadTests;

[Collection(SerialCollection.Name)]
public sealed class ConcurrencyTests(QueueingClusterFixture fixture) : IClassFixture<QueueingClusterFixture>
{
    [Fact]
    public async Task A_thousand_parallel_submissions_on_fifty_gpus_never_double_book_and_lose_nothing()
    {
        const int gpuCount = 50;
        const int jobCount = 1000;
        var grains = fixture.Client;
        var inFlight = new ConcurrentDictionary<string, int>();
        var maxInFlight = new ConcurrentDictionary<string, int>();
        var executions = new ConcurrentDictionary<string, int>();

        // Five miners of ten GPUs each around Chicago.
        var miners = new List<TestMiner>();
        for (var m = 0; m < 5; m++)
        {
            var miner = new TestMiner(grains, $"conc-miner-{m}-{Guid.NewGuid():N}");
            miner.Behaviour = assignment =>
            {
                var now = inFlight.AddOrUpdate(assignment.GpuId, 1, (_, v) => v + 1);
                maxInFlight.AddOrUpdate(assignment.GpuId, now, (_, v) => Math.Max(v, now));
                executions.AddOrUpdate(assignment.JobId, 1, (_, v) => v + 1);
                return MinerReaction.Complete;
            };
            miners.Add(miner);
            var gpus = Enumerable.Range(0, gpuCount / 5)
                .Select(i => TestMiner.Gpu(miner.GpuId($"conc-gpu-{m}-{i}"), 41.8 + m * 0.01, -87.6 + i * 0.01))
                .ToArray();
            await miner.Register(fixture.Client, gpus);
        }

        // Each job holds its GPU for a few milliseconds; the in-flight count drops before the answer is sent, while
        // the GPU is still booked, so a second job on the same GPU can only be seen if it was double booked.
        foreach (var miner in miners)
        {
            miner.Work = async a =>
            {
                await Task.Delay(5);
                inFlight.AddOrUpdate(a.GpuId, 0, (_, v) => v - 1);
            };
        }

        var tenant = await grains.FundedTenant(1000m);
        var model = await grains.SmallModel();
        var ids = Enumerable.Range(0, jobCount).Select(i => $"conc-job-{i}-{Guid.NewGuid():N}").ToArray();

        // One job first, so the reminder table, routers and regions are active before the burst.
        var warmup = $"conc-warmup-{Guid.NewGuid():N}";
        await grains.GetGrain<IJobGrain>(warmup).Submit(ClusterTestExtensions.Job(tenant, model.ModelId, new(41.85, -87.65), LatencyClass.Realtime, maxPrice: 0.01m));
        Assert.Equal(JobStatus.Completed, (await grains.WaitForTerminal(warmup, TimeSpan.FromSeconds(60))).Status);
        executions.Clear();
        var paidBefore = 1000m - (await grains.GetGrain<IAccountGrain>(tenant).GetSnapshot()).Balance;

        // A client that times out submits again with the same job id, as an idempotent client would.
        await Task.WhenAll(ids.Select(async id =>
        {
            var submission = ClusterTestExtensions.Job(tenant, model.ModelId, new(41.85, -87.65), LatencyClass.Realtime, maxPrice: 0.01m);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await grains.GetGrain<IJobGrain>(id).Submit(submission);
                    return;
                }
                catch (TimeoutException) when (attempt < 3)
                {
                }
            }
        }));

        var views = await Task.WhenAll(ids.Select(id => grains.WaitForTerminal(id, TimeSpan.FromSeconds(240))));

        var notDone = views.Where(v => v.Status != JobStatus.Completed).Select(v => v.Describe()).Take(5).ToArray();
        Assert.True(notDone.Length == 0, string.Join("\n", notDone));
        Assert.Equal(jobCount, executions.Count);
        Assert.All(maxInFlight, kv => Assert.Equal(1, kv.Value));
        Assert.True(maxInFlight.Count > 1, "the load spread over more than one GPU");

        // Money adds up: what the tenant paid is what miners earned plus the platform's fees.
        var paid = 1000m - (await grains.GetGrain<IAccountGrain>(tenant).GetSnapshot()).Balance - paidBefore;
        Assert.True(await grains.LedgerDelivered(tenant));
        var earned = 0m;
        foreach (var miner in miners)
        {
            earned += (await grains.GetGrain<IAccountGrain>(LedgerAccounts.ForMiner(miner.MinerId)).GetSnapshot()).Earned;
        }

        var warmupView = await grains.GetGrain<IJobGrain>(warmup).Get();
        earned -= warmupView!.PriceCharged!.Value - decimal.Round(warmupView.PriceCharged.Value * 0.10m, 6, MidpointRounding.ToZero);

        var charged = views.Sum(v => v.PriceCharged!.Value);
        Assert.Equal(charged, paid);
        Assert.True(earned < charged && earned >= charged * 0.89m, $"earned {earned} of {charged}");
        Assert.Equal(0m, (await grains.GetGrain<IAccountGrain>(tenant).GetSnapshot()).Escrow);
    }
}
