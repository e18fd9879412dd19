using System.Collections.Concurrent;
using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Miner.Models;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Models.Variants;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Miner.Daemon;

/// <summary>
/// Finds a job's model in the variant the cluster chose for the GPU: the local cache first (hashed once when stored,
/// again only when the file changes), then the gateway over HTTP (resumable download with progress), and, where no
/// gateway is configured (the in-process development miner), the cluster's chunk grains. Remembers which models it
/// holds, newest first, for the heartbeat's warm-model report (<see cref="WarmModels"/>).
/// </summary>
public sealed class ModelProvider(IGrainFactory grains, ModelCache cache, MinerOptions options, ILogger<ModelProvider> logger)
{
    private readonly ConcurrentDictionary<string, (string Sha256, long Used)> _held = new(StringComparer.Ordinal);
    private long _clock;
    private long _downloads;

    /// <summary>Models fetched from the cluster (not found in the cache) since start.</summary>
    public long Downloads => Interlocked.Read(ref _downloads);

    /// <summary>The original (fp32) model.</summary>
    public async Task<(ModelInfo Info, string Path)> GetAsync(string modelId, CancellationToken cancellationToken)
    {
        var fetched = await GetAsync(modelId, Precision.Fp32, null, 0, cancellationToken);
        return (fetched.Info, fetched.Path);
    }

    /// <param name="variantSha256">The variant's SHA-256 for fp16 and int8 (from the assignment); ignored for fp32.</param>
    public async Task<ModelFetch> GetAsync(
        string modelId, Precision precision, string? variantSha256, long variantSizeBytes, CancellationToken cancellationToken)
    {
        var info = await grains.Grain<IModelGrain>(modelId).Get()
            ?? throw new InvalidDataException($"model {modelId} is not registered");
        var original = precision == Precision.Fp32;
        var sha = original ? info.Sha256 : variantSha256 ?? throw new InvalidDataException($"no SHA-256 for the {precision} variant of {modelId}");
        var cached = await cache.TryGetAsync(sha, cancellationToken);
        if (cached is not null)
        {
            Hold(modelId, sha);
            return new ModelFetch(info, cached, sha, precision, true);
        }

        Interlocked.Increment(ref _downloads);
        var path = await Download(info, precision, sha, original ? info.SizeBytes : variantSizeBytes, cancellationToken);
        Hold(modelId, sha);
        return new ModelFetch(info, path, sha, precision, false);
    }

    /// <summary>The ids of the models still in the cache, most recently used first, at most <see cref="Aitbc.Orleans.Models.WarmModels.MaxModels"/>.</summary>
    public IReadOnlyList<string> WarmModels()
    {
        var held = _held.ToArray();
        Array.Sort(held, (a, b) => b.Value.Used.CompareTo(a.Value.Used));
        return held.Where(h => File.Exists(cache.PathFor(h.Value.Sha256))).Select(h => h.Key).Take(Aitbc.Orleans.Models.WarmModels.MaxModels).ToArray();
    }

    private void Hold(string modelId, string sha)
    {
        _held[modelId] = (sha, Interlocked.Increment(ref _clock));
        if (_held.Count > 4 * Aitbc.Orleans.Models.WarmModels.MaxModels)
        {
            // Bounded: forget the least recently used beyond what a heartbeat could report.
            foreach (var stale in _held.OrderBy(h => h.Value.Used).Take(_held.Count - 2 * Aitbc.Orleans.Models.WarmModels.MaxModels).ToArray())
            {
                _held.TryRemove(stale.Key, out _);
            }
        }
    }

    private async Task<string> Download(ModelInfo info, Precision precision, string sha, long sizeBytes, CancellationToken cancellationToken)
    {
        var label = precision == Precision.Fp32 ? info.Name : $"{info.Name} ({precision.ToString().ToLowerInvariant()})";
        if (!string.IsNullOrWhiteSpace(options.GatewayUrl))
        {
            try
            {
                var printer = Environment.UserInteractive && !Console.IsOutputRedirected ? new TerminalProgressPrinter(Console.Out, label) : null;
                var gateway = new Uri(options.GatewayUrl);
                var source = precision == Precision.Fp32
                    ? ModelDownloader.ContentUri(gateway, info.ModelId)
                    : ModelDownloader.VariantContentUri(gateway, info.ModelId, precision.ToString().ToLowerInvariant());
                var path = await cache.GetOrDownloadAsync(sha, source, printer, cancellationToken);
                printer?.Complete();
                return path;
            }
            catch (Exception ex) when (ex is HttpRequestException or ModelIntegrityException or IOException)
            {
                logger.LogWarning("Download of {Model} from {Gateway} failed ({Error}); reading it from the cluster", label, options.GatewayUrl, ex.Message);
            }
        }

        var bytes = await ReadFromCluster(info, precision, sha, sizeBytes);
        return await cache.PutAsync(sha, bytes, cancellationToken);
    }

    /// <summary>The model's or a variant's chunks through the model's variants grain (the cache checks the SHA-256 when it stores them).</summary>
    private async Task<byte[]> ReadFromCluster(ModelInfo info, Precision precision, string sha, long sizeBytes)
    {
        var variants = grains.Grain<IModelVariantsGrain>(info.ModelId);
        var count = (int)((sizeBytes + ModelStore.ChunkSize - 1) / ModelStore.ChunkSize);
        var chunks = await Task.WhenAll(Enumerable.Range(0, count).Select(i => variants.ReadChunk(precision, i)));
        using var buffer = new MemoryStream((int)Math.Min(sizeBytes, int.MaxValue));
        foreach (var chunk in chunks)
        {
            buffer.Write(chunk ?? throw new InvalidDataException($"the {precision} variant {sha[..12]} of {info.ModelId} is missing a chunk"));
        }

        return buffer.ToArray();
    }
}
