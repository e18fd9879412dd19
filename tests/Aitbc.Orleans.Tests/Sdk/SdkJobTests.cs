using Aitbc.Orleans.Sdk.Contracts;
using Aitbc.Orleans.Tests.Fixtures;
using Aitbc.Orleans.Tests.Gateway;
using Kit = Aitbc.Orleans.Tests.Gateway.GatewayTestKit;

namespace Aitbc.Orleans.Tests.Sdk;

/// <summary>The SDK against a real gateway on loopback: quote → submit → wait → get, listing, and watching a job's events.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SdkJobTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task A_quoted_job_is_submitted_waited_for_read_and_listed_with_its_outputs_and_price()
    {
        var tenant = await fixture.NewTenant(100m);
        using var sdk = fixture.Sdk(tenant);
        var upload = await sdk.UploadModelAsync(TestModels.Identity4(), "sdk-identity", "MIT", cancellationToken: Kit.Ct);
        await using var miner = await fixture.StartMiner(Places.Madrid.Latitude, Places.Madrid.Longitude);
        var near = new Location(40.4, -3.7);

        var quote = await sdk.CreateQuoteAsync(new QuoteRequest { ModelId = upload.Model.ModelId, Client = near }, Kit.Ct);
        Assert.StartsWith("q-", quote.QuoteId, StringComparison.Ordinal);
        Assert.Equal(upload.Model.ModelId, quote.ModelId);
        Assert.Equal(LatencyClass.Standard, quote.LatencyClass);
        Assert.True(quote.Price > 0);
        Assert.NotNull(quote.Multipliers);
        Assert.True(quote.ExpiresAt > quote.IssuedAt);

        var progress = new ProgressRecorder<Job>();
        var job = await sdk.SubmitAndWaitAsync(new JobRequest
        {
            ModelId = upload.Model.ModelId,
            Inputs = new Dictionary<string, Tensor> { ["x"] = Tensor.FromFloats([1, 4], 1.5f, -2f, 0f, 8f) },
            Client = near,
            QuoteId = quote.QuoteId,
        }, TimeSpan.FromSeconds(30), progress, Kit.Ct);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.True(job.IsTerminal);
        Assert.Equal(miner.GpuId, job.GpuId);
        Assert.Equal(PoolKind.Edge, job.Pool);
        Assert.Equal(quote.Price, job.PriceCharged);
        Assert.Equal(quote.QuoteId, job.QuoteId);
        var output = Assert.Single(job.Outputs!);
        Assert.Equal(("y", "float32"), (output.Key, output.Value.Type));
        Assert.Equal([1L, 4], output.Value.Shape);
        Assert.Equal([1.5f, -2f, 0f, 8f], output.Value.ToFloats());
        Assert.Equal(JobStatus.Completed, progress.Reports[^1].Status);

        var read = await sdk.GetJobAsync(job.JobId, Kit.Ct);
        Assert.Equal((job.JobId, JobStatus.Completed), (read.JobId, read.Status));
        // The answer may come before the tenant's account has settled the charge; the settled view is the next version.
        Assert.InRange(read.Version, job.Version, job.SettlementPending ? job.Version + 1 : job.Version);
        Assert.True(read.Version == job.Version || !read.SettlementPending, "a later version is the settled view");
        Assert.Equal([1.5f, -2f, 0f, 8f], read.Outputs!["y"].ToFloats());

        var listed = Assert.Single(await sdk.ListJobsAsync(10, Kit.Ct));
        Assert.Equal(job.JobId, listed.JobId);
        Assert.Null(listed.Outputs);
    }

    [Fact]
    public async Task Watching_reports_the_job_now_then_each_change_once_and_ends_after_the_terminal_one()
    {
        var tenant = await fixture.NewTenant(100m);
        using var sdk = fixture.Sdk(tenant);
        var modelId = (await sdk.UploadModelAsync(TestModels.Identity4(), "sdk-watch", cancellationToken: Kit.Ct)).Model.ModelId;
        await using var miner = await fixture.StartMiner(Places.Sydney.Latitude, Places.Sydney.Longitude, MinerReaction.Silent);
        var job = await sdk.SubmitJobAsync(new JobRequest
        {
            ModelId = modelId,
            Inputs = new Dictionary<string, Tensor> { ["x"] = Tensor.FromFloats([1, 4], 1, 2, 3, 4) },
            Client = new Location(-33.9, 151.2),
            MaxPrice = 1m,
        }, Kit.Ct);
        Assert.False(job.IsTerminal);

        var seen = new List<Job>();
        await foreach (var change in sdk.WatchJobAsync(job.JobId, Kit.Ct))
        {
            seen.Add(change);
            if (change.Status == JobStatus.Dispatched && seen.Count(s => s.Status == JobStatus.Dispatched) == 1)
            {
                // The silent miner never answers: cancelling ends the job, and the stream with it.
                await sdk.CancelJobAsync(job.JobId, Kit.Ct);
            }
        }

        Assert.Equal(JobStatus.Cancelled, seen[^1].Status);
        Assert.Contains(seen, s => s.Status == JobStatus.Dispatched);
        Assert.Equal(seen.Select(s => s.Version).Order(), seen.Select(s => s.Version));
        Assert.Equal(seen.Count, seen.Select(s => s.Version).Distinct().Count());
        Assert.Single(seen, s => s.IsTerminal);
    }
}
