using Aitbc.Orleans.Miner.Models;
using Aitbc.Orleans.Models;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Miner.Daemon;

/// <summary>
/// Finds a job's model: the local cache first (hashed once when stored, again only when the file changes), then the
/// gateway over HTTP (resumable download with progress), and, where no gateway is configured (the in-process
/// development miner), the model's chunk grains.
/// </summary>
public sealed class ModelProvider(IGrainFactory grains, ModelCache cache, MinerOptions options, ILogger<ModelProvider> logger)
{
    public async Task<(ModelInfo Info, string Path)> GetAsync(string modelId, CancellationToken cancellationToken)
    {
        var info = await grains.GetGrain<IModelGrain>(modelId).Get()
            ?? throw new InvalidDataException($"model {modelId} is not registered");
        var cached = await cache.TryGetAsync(info.Sha256, cancellationToken);
        if (cached is not null)
        {
            return (info, cached);
        }

        if (!string.IsNullOrWhiteSpace(options.GatewayUrl))
        {
            try
            {
                var printer = Environment.UserInteractive && !Console.IsOutputRedirected ? new TerminalProgressPrinter(Console.Out, info.Name) : null;
                var path = await cache.GetOrDownloadAsync(info.Sha256, ModelDownloader.ContentUri(new Uri(options.GatewayUrl), modelId), printer, cancellationToken);
                printer?.Complete();
                return (info, path);
            }
            catch (Exception ex) when (ex is HttpRequestException or ModelIntegrityException or IOException)
            {
                logger.LogWarning("Download of {Model} from {Gateway} failed ({Error}); reading it from the cluster", modelId, options.GatewayUrl, ex.Message);
            }
        }

        var bytes = await ModelStore.ReadAllAsync(grains, info);
        return (info, await cache.PutAsync(info.Sha256, bytes, cancellationToken));
    }
}
