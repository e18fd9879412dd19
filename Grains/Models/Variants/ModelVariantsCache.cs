using System.Collections.Concurrent;
using Aitbc.Orleans.Models.Variants;

namespace Aitbc.Orleans.Models;

/// <summary>
/// A model's variant set per silo, read from its variants grain. A finished build (built or failed) never changes, so
/// it is kept; a pending one is not, so a job accepted after the build finished sees the variants. Bounded: past
/// <see cref="ModelInfoCache.Capacity"/> entries the cache starts over. Keeps the grain call off each job's submission.
/// </summary>
public sealed class ModelVariantsCache(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<string, ModelVariantSet> _sets = new(StringComparer.Ordinal);

    public ValueTask<ModelVariantSet> GetAsync(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        return _sets.TryGetValue(modelId, out var set) ? ValueTask.FromResult(set) : new(Load(modelId));
    }

    private async Task<ModelVariantSet> Load(string modelId)
    {
        var set = await grains.Grain<IModelVariantsGrain>(modelId).Get();
        if (set.Status is VariantBuildStatus.Built or VariantBuildStatus.Failed)
        {
            if (_sets.Count >= ModelInfoCache.Capacity)
            {
                _sets.Clear();
            }

            _sets[modelId] = set;
        }

        return set;
    }
}
