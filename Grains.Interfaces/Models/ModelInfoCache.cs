using System.Collections.Concurrent;

namespace Aitbc.Orleans.Models;

/// <summary>
/// Model metadata per process, read from the model grain once. A registered model never changes (its id is its
/// content hash, and registration keeps the first), so an entry never goes stale and needs no invalidation; unknown
/// ids are not cached, so a model registered a moment ago is found at once. Bounded: past <see cref="Capacity"/>
/// entries the cache starts over.
/// </summary>
public sealed class ModelInfoCache(IGrainFactory grains)
{
    public const int Capacity = 10_000;
    private readonly ConcurrentDictionary<string, ModelInfo> _models = new(StringComparer.Ordinal);

    public ValueTask<ModelInfo?> GetAsync(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        return _models.TryGetValue(modelId, out var model) ? ValueTask.FromResult<ModelInfo?>(model) : new(Load(modelId));
    }

    private async Task<ModelInfo?> Load(string modelId)
    {
        var model = await grains.Grain<IModelGrain>(modelId).Get();
        if (model is not null)
        {
            if (_models.Count >= Capacity)
            {
                _models.Clear();
            }

            _models[modelId] = model;
        }

        return model;
    }
}
