using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Gateway.Contracts;

namespace Aitbc.Orleans.Gateway.Dashboards;

/// <summary>The registered cloud offers with their miners' GPUs and those GPUs' recent jobs (the cloud baseline).</summary>
public sealed record CloudPoolView(IReadOnlyList<CloudPoolEntryResponse> Entries, IReadOnlyList<(GpuSnapshot Gpu, GpuJobRecord Job)> Jobs)
{
    public static async Task<CloudPoolView> ReadAsync(IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var offers = await grains.Grain<ICloudPoolGrain>(0).List();
        var entries = new List<CloudPoolEntryResponse>();
        var jobs = new List<(GpuSnapshot, GpuJobRecord)>();
        foreach (var offer in offers)
        {
            var miner = await grains.Grain<IMinerGrain>(offer.MinerId).GetSnapshot();
            var gpus = await MinerViews.GpusOf(grains, miner);
            jobs.AddRange(await MinerViews.RecentJobs(grains, gpus));

            entries.Add(new CloudPoolEntryResponse(offer, miner?.Online ?? false, gpus.Select(GpuResponse.From).ToArray()));
        }

        return new CloudPoolView(entries, jobs.OrderByDescending(j => j.Item2.At).ToArray());
    }
}
