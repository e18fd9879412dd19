using System.Security.Cryptography;
using Aitbc.Orleans.Models.Licensing;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Models;

/// <summary>
/// Puts model bytes into the cluster (fixed-size chunk grains, then the metadata grain) and reads them back. The id
/// is derived from the SHA-256, so uploading the same bytes twice yields the same model. Registrations made in code
/// (development seeding, tests) are published unless said otherwise; the gateway's uploads are private by default.
/// </summary>
public static class ModelStore
{
    public const int ChunkSize = 1024 * 1024;

    public static string ModelIdFor(string sha256) => "m-" + sha256[..16];

    /// <summary>
    /// The id of an account's own registration of bytes that another account registered privately first: the bytes
    /// are still stored once (chunks are keyed by the content's SHA-256), but the model, its license and its
    /// visibility are the account's own.
    /// </summary>
    public static string OwnModelIdFor(string sha256, string accountId) =>
        "m-" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{sha256}/{accountId}")))[..16];

    public static string ChunkKey(string sha256, int index) => $"{sha256}/{index}";

    public static async Task<ModelInfo> PutAsync(
        IGrainFactory grains, string name, string license, string ownerAccountId, byte[] bytes,
        IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs, DateTimeOffset now, long parameterCount = 0,
        ModelLicense? terms = null, bool published = true, string? modelId = null, bool originalOnly = false)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(bytes);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var id = modelId ?? ModelIdFor(sha);
        var existing = await grains.Grain<IModelGrain>(id).Get();
        if (existing is not null)
        {
            return existing;
        }

        var chunks = await PutChunksAsync(grains, sha, bytes);
        var info = new ModelInfo(id, name, terms?.Label ?? license, sha, bytes.LongLength, inputs, outputs, ownerAccountId, now,
            parameterCount > 0 ? parameterCount : bytes.LongLength / 4, chunks, ChunkSize, terms ?? ModelLicense.Open(license), published,
            originalOnly);
        return await grains.Grain<IModelGrain>(id).Register(info);
    }

    /// <summary>
    /// Stores bytes in chunk grains keyed by their SHA-256 (a chunk is written once: the same bytes, from another upload
    /// or as another model's variant, are stored once). Returns the chunk count.
    /// </summary>
    public static async Task<int> PutChunksAsync(IGrainFactory grains, string sha256, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(bytes);
        var chunks = (int)((bytes.LongLength + ChunkSize - 1) / ChunkSize);
        await Task.WhenAll(Enumerable.Range(0, chunks).Select(i =>
        {
            var length = (int)Math.Min(ChunkSize, bytes.LongLength - (long)i * ChunkSize);
            return grains.Grain<IModelChunkGrain>(ChunkKey(sha256, i)).Put(bytes.AsSpan(i * ChunkSize, length).ToArray());
        }));
        return chunks;
    }

    /// <summary>All bytes of a model, verified against its SHA-256.</summary>
    public static Task<byte[]> ReadAllAsync(IGrainFactory grains, ModelInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return ReadAllAsync(grains, info.Sha256, info.SizeBytes, info.ChunkCount, $"model {info.ModelId}");
    }

    /// <summary>All bytes stored under a SHA-256 (<see cref="PutChunksAsync"/>), verified against it; <paramref name="label"/> names them in errors.</summary>
    public static async Task<byte[]> ReadAllAsync(IGrainFactory grains, string sha256, long sizeBytes, int chunkCount, string label)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var parts = await Task.WhenAll(Enumerable.Range(0, chunkCount).Select(i =>
            grains.Grain<IModelChunkGrain>(ChunkKey(sha256, i)).Read()));
        var bytes = new byte[sizeBytes];
        var offset = 0;
        foreach (var part in parts)
        {
            var chunk = part ?? throw new InvalidDataException($"{label} is missing a chunk");
            if (offset + chunk.Length > bytes.Length)
            {
                throw new InvalidDataException($"{label} has more bytes than its size");
            }

            chunk.CopyTo(bytes, offset);
            offset += chunk.Length;
        }

        if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != sha256)
        {
            throw new InvalidDataException($"{label} failed its SHA-256 check");
        }

        return bytes;
    }
}
