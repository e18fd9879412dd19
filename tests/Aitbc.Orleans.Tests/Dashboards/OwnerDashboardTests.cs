using System.Net;
using Aitbc.Orleans.Access;
using Aitbc.Orleans.Dispatch;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Tests.Fixtures;
using Aitbc.Orleans.Tests.Gateway;
using PuppeteerSharp;
using static Aitbc.Orleans.Tests.Gateway.GatewayTestKit;

namespace Aitbc.Orleans.Tests.Dashboards;

/// <summary>
/// /owner in headless Chromium (issue 16, acceptance 1): the owner signs in with their key, sees their GPU with its live
/// temperature and the earnings chart, sees a slash appear after a thermal event, and sees none of another owner's GPUs.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OwnerDashboardTests(GatewayFixture fixture, HeadlessChromium chromium) : IClassFixture<GatewayFixture>, IClassFixture<HeadlessChromium>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task An_owner_sees_their_gpus_live_their_earnings_and_a_thermal_slash_and_nothing_of_another_owner()
    {
        await using var world = new DashboardWorld(fixture.Client);
        var gpuId = TestMiner.NewGpuId("gpu0");
        var mine = await world.Edge(TestMiner.Gpu(gpuId, 64.18, -51.72)); // Nuuk: no other test's GPU is near
        var otherGpuId = TestMiner.NewGpuId("gpu0");
        await world.Edge(TestMiner.Gpu(otherGpuId, -42.88, 147.33)); // Hobart, another owner's
        var owner = $"{mine.MinerId}-owner"; // TestMiner enrols for this account
        var key = await fixture.IssueKey(owner, [AccessRoles.Submitter]);

        // A job on the owner's GPU earns them money (settled, then delivered to the miner's account in a batch).
        var tenant = await fixture.Client.FundedTenant(10m);
        var model = await fixture.Client.SmallModel();
        var earned = await RunOnOwnGpu(tenant, model.ModelId, gpuId, MinerReaction.Complete, mine);
        Assert.True(await fixture.Client.LedgerDelivered(tenant), "the tenant's payment was not delivered");
        await TestWait.Until(async () => (await fixture.Client.GetGrain<IAccountGrain>(LedgerAccounts.ForMiner(mine.MinerId)).GetSnapshot()).Earned > 0,
            Patience, $"job {earned} earned the miner nothing");

        world.TemperatureC = 61.5;
        await world.BeatNow();
        var (page, errors) = await chromium.NewPage();
        await using (page)
        {
            await page.GoToAsync(new Uri(fixture.BaseAddress, "/owner").ToString());
            await page.TypeAsync("#key", key);
            await page.ClickAsync("#signin button[type=submit]");
            await WaitForText(page, $"#gpus tr[data-gpu-id='{gpuId}'] td.temp", "61.5 °C");
            await page.WaitForFunctionAsync("() => Number(document.querySelector('#earnings-chart')?.dataset.points) >= 1 && document.querySelector('#earnings-chart canvas')");
            Assert.NotEqual("0", await Text(page, "#earned"));
            await page.WaitForFunctionAsync($"() => document.querySelector(\"#jobs tr[data-job-id='{earned}']\")");
            await page.WaitForFunctionAsync("() => Number(document.querySelector('#map')?.dataset.markers) === 1");
            await page.WaitForFunctionAsync("() => ['cost', 'uptime', 'energy', 'latency'].every(m => document.querySelector(`#metric-${m} .big`))");
            Assert.Contains("%", await Text(page, "#metric-uptime .big"), StringComparison.Ordinal);

            // The GPU reports power, so energy per inference is a number; this test's GPU is simulated, so the page says
            // the figure is the simulator's model, not a GPU's.
            await page.WaitForFunctionAsync("() => /\\d J/.test(document.querySelector('#metric-energy .big')?.textContent ?? '')");
            Assert.Contains("Not a GPU's figure", await Text(page, "#metric-energy"), StringComparison.Ordinal);
            Assert.Contains("(modelled)", await Text(page, $"#jobs tr[data-job-id='{earned}']"), StringComparison.Ordinal);

            // Live: the next heartbeat's temperature appears without a reload.
            world.TemperatureC = 66.5;
            await WaitForText(page, $"#gpus tr[data-gpu-id='{gpuId}'] td.temp", "66.5 °C");
            await chromium.Screenshot(page, "owner-signed-in");

            // Another owner's GPU is nowhere on the page, nor in what the page reads.
            Assert.DoesNotContain(otherGpuId, await page.GetContentAsync(), StringComparison.Ordinal);
            using var api = fixture.Http(key);
            using var overview = await api.GetAsync("/v1/owners/me", Ct);
            var body = await overview.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
            Assert.Contains(gpuId, body, StringComparison.Ordinal);
            Assert.DoesNotContain(otherGpuId, body, StringComparison.Ordinal);

            // A thermal emergency while a job runs on the GPU: the miner is slashed, and the page shows it with its evidence.
            await RunOnOwnGpu(tenant, model.ModelId, gpuId, MinerReaction.Silent, mine);
            world.TemperatureC = 97;
            await world.BeatNow();
            await page.WaitForSelectorAsync("#slashes tr[data-reason='thermalEmergency']");
            Assert.Contains(gpuId, await Text(page, "#slashes tr[data-reason='thermalEmergency'] td:last-child"), StringComparison.Ordinal);
            await WaitForText(page, $"#gpus tr[data-gpu-id='{gpuId}'] td.thermal", "shutdown");
            await chromium.Screenshot(page, "owner-after-thermal-slash");
        }

        lock (errors)
        {
            Assert.Empty(errors);
        }
    }

    /// <summary>
    /// Submits jobs near the GPU until one is assigned to it (routing may pick another GPU in reach), with the miner
    /// answering that job as told; returns the job's id once it is done (Complete) or assigned (Silent).
    /// </summary>
    private async Task<string> RunOnOwnGpu(string tenant, string modelId, string gpuId, MinerReaction reaction, TestMiner miner)
    {
        var assigned = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        miner.Behaviour = a =>
        {
            assigned[a.JobId] = true;
            return a.GpuId == gpuId ? reaction : MinerReaction.Complete;
        };
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var jobId = $"job-{Guid.NewGuid():N}";
            await fixture.Client.GetGrain<IJobGrain>(jobId).Submit(ClusterTestExtensions.Job(tenant, modelId, new(64.18, -51.72), LatencyClass.Realtime));
            if (reaction == MinerReaction.Silent)
            {
                // Assigned here, or sent elsewhere (the job then starts on another GPU and this miner never sees it).
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
                while (DateTime.UtcNow < deadline)
                {
                    if (assigned.ContainsKey(jobId))
                    {
                        return jobId;
                    }

                    if ((await fixture.Client.GetGrain<IJobGrain>(jobId).Get())?.GpuId is { } chosen && chosen != gpuId)
                    {
                        break;
                    }

                    await Task.Delay(100, Ct);
                }

                continue;
            }

            var done = await fixture.Client.WaitForTerminal(jobId, Patience);
            if (done.Status == JobStatus.Completed && done.GpuId == gpuId)
            {
                return jobId;
            }
        }

        throw new InvalidOperationException($"no job reached {gpuId} in 10 tries");
    }

    private static async Task WaitForText(IPage page, string selector, string text) =>
        await page.WaitForFunctionAsync(
            "(selector, text) => { const n = document.querySelector(selector); return n && n.textContent.includes(text); }", selector, text);

    private static Task<string> Text(IPage page, string selector) =>
        page.EvaluateFunctionAsync<string>("s => document.querySelector(s).textContent", selector);
}
