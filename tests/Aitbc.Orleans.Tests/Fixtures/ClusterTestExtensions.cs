using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>Small steps most cluster tests take: a funded tenant, a registered model, a job, waiting for it.</summary>
public static class ClusterTestExtensions
{
    public static async Task<string> FundedTenant(this IGrainFactory grains, decimal amount = 100m)
    {
        var tenant = $"tenant-{Guid.NewGuid():N}";
        await grains.GetGrain<IAccountGrain>(tenant).Apply(new LedgerOperation($"fund:{tenant}", LedgerOperationKind.Credit, amount, "test funding"));
        return tenant;
    }

    public static async Task<ModelInfo> SmallModel(this IGrainFactory grains, long sizeBytes = 4096)
    {
        var id = $"m-{Guid.NewGuid():N}"[..18];
        var spec = new TensorSpec("input", TensorElementType.Float32, [-1, 4]);
        return await grains.GetGrain<IModelGrain>(id).Register(new ModelInfo(
            id, "test", "MIT", new string('a', 64), sizeBytes, [spec], [spec with { Name = "output" }], "test", DateTimeOffset.UnixEpoch, sizeBytes / 4, 1, 1 << 20));
    }

    public static JobSubmission Job(string tenant, string modelId, GeoPoint client, LatencyClass latency = LatencyClass.Standard, decimal maxPrice = 1m, string? quoteId = null, bool preferCloud = false) =>
        new(tenant, modelId, JobType.Inference, new Dictionary<string, TensorData> { ["input"] = TensorData.FromFloats([1f, 2f, 3f, 4f], 1, 4) },
            latency, client, quoteId, quoteId is null ? maxPrice : null, null, PreferCloud: preferCloud);

    /// <summary>
    /// Waits until the payers' outboxes are delivered (earnings and fees reach payees in batched transfers shortly after
    /// each settlement), so payees' balances can be asserted. Returns whether they were within the time.
    /// </summary>
    public static async Task<bool> LedgerDelivered(this IGrainFactory grains, params string[] payers)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        foreach (var payer in payers)
        {
            while ((await grains.GetGrain<IAccountGrain>(payer).GetSnapshot()).Outgoing != 0)
            {
                if (DateTime.UtcNow > deadline)
                {
                    return false;
                }

                await Task.Delay(20);
            }
        }

        return true;
    }

    /// <summary>
    /// Waits until no silo holds an activation of <paramref name="grain"/>; returns whether that happened within the time.
    /// Reading the cluster's statistics activates nothing, so a grain that is gone here was deactivated (or never ran).
    /// </summary>
    public static async Task<bool> NotActive(this IGrainFactory grains, IAddressable grain, TimeSpan? within = null)
    {
        var id = grain.GetGrainId();
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        var management = grains.GetGrain<IManagementGrain>(0);
        while ((await management.GetDetailedGrainStatistics()).Any(a => a.GrainId == id))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    /// <summary>A one-line account of a job for assertion messages.</summary>
    public static string Describe(this JobView view) =>
        $"{view.JobId}: {view.Status} on {view.GpuId} error='{view.Error}' attempts=[{string.Join("; ", view.Attempts.Select(a => $"{a.Attempt}:{a.GpuId}:{a.Outcome}"))}]";

    /// <summary>The job once final: terminal, and past the verdict of a check it was drawn for.</summary>
    public static async Task<JobView> WaitForTerminal(this IGrainFactory grains, string jobId, TimeSpan? timeout = null)
    {
        var job = grains.GetGrain<IJobGrain>(jobId);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var view = await job.Get() ?? throw new InvalidOperationException($"job {jobId} does not exist");
        while (!view.IsFinal && DateTime.UtcNow < deadline)
        {
            view = await job.WaitForChange(view.Version, TimeSpan.FromSeconds(2)) ?? view;
        }

        return view;
    }
}
