using Aitbc.Orleans.Tensors;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Blobs;

/// <summary>Moves named tensors between grain state (<see cref="StoredTensor"/>) and the blob store.</summary>
public sealed class TensorVault(IBlobStore store, IOptions<BlobStoreOptions> options)
{
    private readonly int _inlineBytes = options.Value.InlineBytes;

    /// <summary>Stores the data of every tensor larger than the inline limit (in parallel) and returns what the state keeps.</summary>
    public async Task<List<StoredTensor>> StoreAsync(IReadOnlyDictionary<string, TensorData> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var stored = await Task.WhenAll(tensors.OrderBy(t => t.Key, StringComparer.Ordinal).Select(async t =>
            t.Value.Data.Length <= _inlineBytes
                ? new StoredTensor(t.Key, t.Value.ElementType, t.Value.Shape, null, t.Value.Data)
                : new StoredTensor(t.Key, t.Value.ElementType, t.Value.Shape, await store.PutAsync(t.Value.Data), null)));
        return [.. stored];
    }

    /// <summary>The tensors again, or null when a blob is gone (past retention).</summary>
    public async Task<Dictionary<string, TensorData>?> LoadAsync(IReadOnlyList<StoredTensor> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var loaded = await Task.WhenAll(stored.Select(async s =>
        {
            var data = s.Inline ?? (s.Digest is { } digest ? await store.GetAsync(digest) : null);
            return data is null ? null : new KeyValuePair<string, TensorData>?(new(s.Name, new TensorData(s.ElementType, s.Shape, data)));
        }));
        return loaded.Any(l => l is null) ? null : loaded.ToDictionary(l => l!.Value.Key, l => l!.Value.Value, StringComparer.Ordinal);
    }
}
