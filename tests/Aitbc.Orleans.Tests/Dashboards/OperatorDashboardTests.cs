using Aitbc.Orleans.Access;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Tests.Fixtures;
using PuppeteerSharp;

namespace Aitbc.Orleans.Tests.Dashboards;

/// <summary>
/// /ops in headless Chromium (issue 16, acceptance 2): an operator registers a cloud GPU on the page, a job that no edge
/// GPU can serve falls back to it, and the page shows the cloud GPU and the job.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OperatorDashboardTests(GatewayFixture fixture, HeadlessChromium chromium) : IClassFixture<GatewayFixture>, IClassFixture<HeadlessChromium>
{
    // Kerguelen: far from every other test's GPUs.
    private const double Lat = -49.35, Lon = 70.22;

    [Fact]
    public async Task A_cloud_gpu_registered_on_the_page_serves_a_job_no_edge_gpu_can_and_the_page_shows_it()
    {
        await using var world = new DashboardWorld(fixture.Client);
        var operatorKey = await fixture.IssueKey($"ops-{Guid.NewGuid():N}", [AccessRoles.Operator]);
        using var cloud = new TestMiner(fixture.Client, TestMiner.NewMinerId());

        // An edge GPU next door that cannot hold the model (24 GB; the model, which has no quantized variants, needs
        // about 61 GB at fp32: the 80 GB cloud card holds it).
        var edgeGpu = TestMiner.NewGpuId("gpu0");
        await world.Edge(TestMiner.Gpu(edgeGpu, Lat + 0.05, Lon - 0.1));
        var model = await fixture.Client.SmallModel(sizeBytes: 50L << 30);

        var (page, errors) = await chromium.NewPage();
        await using (page)
        {
            await page.GoToAsync(new Uri(fixture.BaseAddress, "/ops").ToString());
            await page.TypeAsync("#key", operatorKey);
            await page.ClickAsync("#signin button[type=submit]");
            await page.WaitForSelectorAsync("#status[data-refreshed-at]");

            // The operator registers the cloud GPU: its daemon's key, provider, instance, place and price.
            await page.EvaluateFunctionAsync("key => document.querySelector('#cloud-form [name=publicKey]').value = key", cloud.PublicKey);
            await page.TypeAsync("#cloud-form [name=minerId]", cloud.MinerId);
            await page.TypeAsync("#cloud-form [name=lat]", Lat.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await page.TypeAsync("#cloud-form [name=lon]", Lon.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await page.ClickAsync("#cloud-form button[type=submit]");
            await page.WaitForSelectorAsync($"#cloud-result[data-miner-id='{cloud.MinerId}']");
            var enrollment = await fixture.Client.GetGrain<IMinerEnrollmentGrain>(cloud.MinerId).Get();
            Assert.Equal(PoolKind.Cloud, enrollment?.Pool);

            // Its daemon registers the GPU as any miner does; the operators' admission puts it in the cloud pool.
            var cloudGpu = TestMiner.Gpu(cloud.GpuId("gpu0"), Lat, Lon, name: "NVIDIA H100 80GB HBM3", memoryMb: 81_559, pool: PoolKind.Cloud);
            await cloud.RegisterSigned(fixture.Client, [cloudGpu]);
            world.Beat(cloud, [cloudGpu]);
            await world.BeatNow();

            var tenant = await fixture.Client.FundedTenant(10m);
            var jobId = $"job-{Guid.NewGuid():N}";
            await fixture.Client.GetGrain<IJobGrain>(jobId).Submit(ClusterTestExtensions.Job(tenant, model.ModelId, new(Lat, Lon), LatencyClass.Realtime));
            var done = await fixture.Client.WaitForTerminal(jobId, TimeSpan.FromSeconds(90));
            Assert.True(done.Status == JobStatus.Completed, done.Describe());
            Assert.Equal(cloudGpu.GpuId, done.GpuId);
            Assert.Equal(PoolKind.Cloud, done.Pool);
            Assert.True(done.FellBackToCloud, done.Describe());

            await page.WaitForSelectorAsync($"#cloud-jobs tr[data-job-id='{jobId}']");
            await page.WaitForFunctionAsync(
                "(miner, gpu) => { const row = document.querySelector(`#cloud-pool tr[data-miner-id='${miner}']`); return row && row.textContent.includes(gpu) && row.textContent.includes('online'); }",
                cloud.MinerId, cloudGpu.GpuId);
            await page.WaitForFunctionAsync("() => Number(document.querySelector('#map')?.dataset.markers) >= 2");
            await page.WaitForFunctionAsync("() => document.querySelector('#metric-latency')?.textContent.includes('cloud pool baseline')");
            Assert.Contains("The cloud GPU is simulated", await page.EvaluateFunctionAsync<string>("() => document.querySelector('#metric-cloud-baseline').textContent"),
                StringComparison.Ordinal);
            await chromium.Screenshot(page, "ops-cloud-fallback");
        }

        lock (errors)
        {
            Assert.Empty(errors);
        }

        await fixture.Client.GetGrain<IMinerGrain>(cloud.MinerId).Deregister();
    }
}
