using System.Security.Cryptography;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Models;

/// <summary>
/// Puts model bytes into the cluster (fixed-size chunk grains, then the metadata grain) and reads them back. The id
/// is derived from the SHA-256, so uploading the same bytes twice yields the same model.
/// </summary>
public static class ModelStore
{
    public const int ChunkSize = 1024 * 1024;

    public static string ModelIdFor(string sha256) => "m-" + sha256[..16];

    public static string ChunkKey(string sha256, int index) => $"{sha256}/{index}";

    public static async Task<ModelInfo> PutAsync(
        IGrainFactory grains, string name, string license, string ownerAccountId, byte[] bytes,
        IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs, DateTimeOffset now, long parameterCount = 0)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(bytes);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var id = ModelIdFor(sha);
        var existing = await grains.GetGrain<IModelGrain>(id).Get();
        if (existing is not null)
        {
            return existing;
        }

        var chunks = (int)((bytes.LongLength + ChunkSize - 1) / ChunkSize);
        await Task.WhenAll(Enumerable.Range(0, chunks).Select(i =>
        {
            var length = (int)Math.Min(ChunkSize, bytes.LongLength - (long)i * ChunkSize);
            return grains.GetGrain<IModelChunkGrain>(ChunkKey(sha, i)).Put(bytes.AsSpan(i * ChunkSize, length).ToArray());
        }));
        var info = new ModelInfo(id, name, license, sha, bytes.LongLength, inputs, outputs, ownerAccountId, now,
            parameterCount > 0 ? parameterCount : bytes.LongLength / 4, chunks, ChunkSize);
        return await grains.GetGrain<IModelGrain>(id).Register(info);
    }

    /// <summary>All bytes of a model, verified against its SHA-256.</summary>
    public static async Task<byte[]> ReadAllAsync(IGrainFactory grains, ModelInfo info)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(info);
        var parts = await Task.WhenAll(Enumerable.Range(0, info.ChunkCount).Select(i =>
            grains.GetGrain<IModelChunkGrain>(ChunkKey(info.Sha256, i)).Read()));
        var bytes = new byte[info.SizeBytes];
        var offset = 0;
        foreach (var part in parts)
        {
            var chunk = part ?? throw new InvalidDataException($"model {info.ModelId} is missing a chunk");
            chunk.CopyTo(bytes, offset);
            offset += chunk.Length;
        }

        if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != info.Sha256)
        {
            throw new InvalidDataException($"model {info.ModelId} failed its SHA-256 check");
        }

        return bytes;
    }
}
