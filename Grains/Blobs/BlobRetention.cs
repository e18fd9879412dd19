using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Blobs;

/// <summary>Deletes blobs past their retention, once per sweep interval on every silo (a sweep is idempotent).</summary>
public sealed class BlobRetention(IBlobStore store, IOptions<BlobStoreOptions> options, ILogger<BlobRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(o.SweepInterval, stoppingToken);
                var deleted = await store.SweepAsync(DateTimeOffset.UtcNow - o.Retention, stoppingToken);
                if (deleted > 0)
                {
                    logger.LogInformation("Deleted {Count} blob(s) older than {Retention}", deleted, o.Retention);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning("Blob sweep failed: {Error}", ex.Message);
            }
        }
    }
}
