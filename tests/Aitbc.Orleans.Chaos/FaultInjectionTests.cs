using System.Diagnostics;
using Aitbc.Orleans.Chaos.Cluster;
using Aitbc.Orleans.Chaos.Load;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Chaos;

/// <summary>
/// Faults under load on a production cluster of real processes (see <see cref="ChaosCluster"/>), 16 concurrent clients
/// retrying with the same idempotency key: the same key sent by every client at once, a miner killed with SIGKILL
/// mid-job, the PostgreSQL server stopped for 10 s, and a silo killed with SIGKILL (last: the cluster then runs on one
/// silo). For each: no accepted job is lost, no one is charged twice, the tenant paid exactly the charges and no hold
/// is left; a storage failure reaches clients as a 503 with Retry-After, never a 500; and the result of a job whose
/// grain moved is delivered without waiting for the execution timeout. The figures go to the test output.
/// </summary>
public sealed class FaultInjectionTests(ChaosCluster cluster, ITestOutputHelper output) : IClassFixture<ChaosCluster>
{
    private const int Clients = 16;
    private const decimal Funds = 1000m;

    [Fact]
    public async Task Faults_lose_no_accepted_job_charge_no_one_twice_and_conserve_money()
    {
        var figures = new List<FaultFigures>
        {
            await SameKeyFromEveryClient(),
            await UnderLoad("miner killed (SIGKILL) mid-job", async () =>
            {
                cluster.Miners[0].Kill();
                return () => cluster.RestartAsync(cluster.Miners[0]);
            }),
            await UnderLoad("PostgreSQL stopped for 10 s", async () =>
            {
                await cluster.StopPostgres();
                await Task.Delay(TimeSpan.FromSeconds(10));
                await cluster.StartPostgres();
                return null;
            }),
            await UnderLoad("silo killed (SIGKILL)", () =>
            {
                using var silo = Process.GetProcessById(cluster.SiloPids[0]);
                silo.Kill();
                return Task.FromResult<Func<Task>?>(null);
            }),
        };

        output.WriteLine(FaultFigures.Header);
        foreach (var f in figures)
        {
            output.WriteLine(f.Row());
        }

        Assert.All(figures, f =>
        {
            Assert.True(f.Accepted > 0, $"{f.Fault}: no job was accepted");
            Assert.True(f.Lost == 0, $"{f.Fault}: {f.Lost} accepted job(s) lost\n{cluster.LogTail()}");
            Assert.True(f.DoubleCharges == 0, $"{f.Fault}: {f.DoubleCharges} key(s) created two jobs");
            Assert.True(f.MoneyConserved, $"{f.Fault}: paid {f.Paid}, charges {f.Charges}, holds left {f.EscrowLeft}");
            Assert.True(f.Http500 == 0, $"{f.Fault}: {f.Http500} answer(s) were 500\n{cluster.LogTail()}");
            Assert.True(f.Unhinted503 == 0, $"{f.Fault}: {f.Unhinted503} 503 answer(s) without Retry-After");
            Assert.True(f.TimedOutAttempts == 0, $"{f.Fault}: {f.TimedOutAttempts} attempt(s) waited for the execution timeout");
        });
        var storage = figures.Single(f => f.Fault.StartsWith("PostgreSQL", StringComparison.Ordinal));
        Assert.True(storage.Http503 > 0, "the storage outage never reached a client as a retryable 503");
    }

    /// <summary>Every client sends the same submission under one key at once: one job, one charge.</summary>
    private async Task<FaultFigures> SameKeyFromEveryClient()
    {
        var tenant = await cluster.NewTenant(Funds);
        var started = DateTimeOffset.UtcNow;
        var records = Enumerable.Range(0, Clients).Select(_ => new KeyRecord("same-key-for-all", started)).ToArray();
        await Task.WhenAll(records.Select((r, i) => ClientLoad.Submit(tenant.Http, cluster.ModelId, r, 7)));
        var jobIds = records.SelectMany(r => r.JobIds).Distinct(StringComparer.Ordinal).ToArray();
        // The burst is one client request retried 16 times: one record carrying every job id any answer named.
        var merged = new KeyRecord("same-key-for-all", started)
        {
            Terminal = records.Select(r => r.Terminal).FirstOrDefault(t => t is not null),
            Finished = records.Max(r => r.Finished),
            Charged = records.Select(r => r.Charged).Max(),
            AttemptOutcomes = records.First().AttemptOutcomes,
            Vanished = records.Any(r => r.Vanished),
        };
        foreach (var record in records)
        {
            foreach (var status in record.Statuses)
            {
                merged.Answer(status, null);
            }
        }

        foreach (var jobId in jobIds)
        {
            merged.Answer(200, jobId);
        }

        return await Settled($"the same key from {Clients} clients at once", tenant.Account, [merged], started);
    }

    /// <summary>
    /// 16 clients for 8 s, then the fault (which may hand back how to undo it once the load has ended), then 20 s more;
    /// every key is carried to its end and the tenant's account read when no hold is left.
    /// </summary>
    private async Task<FaultFigures> UnderLoad(string fault, Func<Task<Func<Task>?>> inject)
    {
        var tenant = await cluster.NewTenant(Funds);
        var load = ClientLoad.Start(tenant.Http, cluster.ModelId, Clients);
        await Task.Delay(TimeSpan.FromSeconds(8));
        var faultAt = DateTimeOffset.UtcNow;
        var undo = await inject();
        await Task.Delay(TimeSpan.FromSeconds(20));
        var records = await load.StopAsync();
        if (undo is not null)
        {
            await undo();
        }

        return await Settled(fault, tenant.Account, records, faultAt);
    }

    /// <summary>Waits until the tenant holds nothing (every job has settled or refunded), then counts.</summary>
    private async Task<FaultFigures> Settled(string fault, string account, IReadOnlyCollection<KeyRecord> records, DateTimeOffset faultAt)
    {
        (decimal Balance, decimal Escrow) money = default;
        try
        {
            await TestWait.Until(async () => (money = await cluster.Account(account)).Escrow == 0, TimeSpan.FromSeconds(90));
        }
        catch (Xunit.Sdk.FailException)
        {
            // Reported as holds left, with every other figure.
        }

        return FaultFigures.From(fault, records, faultAt, Funds - money.Balance - money.Escrow, money.Escrow);
    }
}
