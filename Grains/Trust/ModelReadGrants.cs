using System.Collections.Concurrent;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Models;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Trust;

/// <summary>
/// Whether a miner may read a model: only while a job on one of its GPUs runs it, or a deployment asked it to prefetch
/// the model. The answer walks the miner's GPUs
/// and their active jobs (a few grain calls), so a positive answer is remembered for a while; model reads are rare
/// (the daemon caches models), and a model a miner once ran is no secret from it.
/// </summary>
public sealed class ModelReadGrants(IGrainFactory grains, IOptions<TrustOptions> options, DomainTime time)
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<(string Miner, string Model), DateTimeOffset> _granted = new();

    public async Task<bool> MayRead(string minerId, string modelId)
    {
        var now = time.GetUtcNow();
        if (_granted.TryGetValue((minerId, modelId), out var until) && now < until)
        {
            return true;
        }

        if (!await RunsModel(minerId, modelId))
        {
            return false;
        }

        if (_granted.Count >= MaxEntries)
        {
            _granted.Clear();
        }

        _granted[(minerId, modelId)] = now + options.Value.ModelGrantLifetime;
        return true;
    }

    /// <summary>A chunk "{sha256}/{index}" of a model the miner may read (the full hash must match, not only the id's prefix).</summary>
    public async Task<bool> MayReadChunk(string minerId, string chunkKey)
    {
        var slash = chunkKey.IndexOf('/', StringComparison.Ordinal);
        if (slash != 64)
        {
            return false;
        }

        var sha = chunkKey[..slash];
        var modelId = ModelStore.ModelIdFor(sha);
        return await MayRead(minerId, modelId) && (await grains.Grain<IModelGrain>(modelId).Get())?.Sha256 == sha;
    }

    private async Task<bool> RunsModel(string minerId, string modelId)
    {
        var miner = await grains.Grain<IMinerGrain>(minerId).GetSnapshot();
        if (miner is null)
        {
            return false;
        }

        if (miner.PrefetchModels?.Contains(modelId) == true)
        {
            // A deployment asked this miner to fetch the model.
            return true;
        }

        var gpus = await Task.WhenAll(miner.GpuIds.Select(g => grains.GpuRow(g).GetSnapshot()));
        var jobIds = gpus.Where(g => g is not null && g.MinerId == minerId).SelectMany(g => g!.ActiveJobs).Distinct().ToArray();
        var jobs = await Task.WhenAll(jobIds.Select(j => grains.Grain<IJobGrain>(j).Get()));
        return jobs.Any(j => j is not null && j.ModelId == modelId);
    }
}
