namespace Aitbc.Orleans.Miner.Models;

public sealed class ModelCacheOptions
{
    public string Directory { get; set; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "aitbc-miner", "models");

    /// <summary>Total bytes of model files kept; least recently used models are deleted beyond this.</summary>
    public long MaxBytes { get; set; } = 20L * 1024 * 1024 * 1024;

    /// <summary>
    /// How often a use alone rewrites the index (last-use order survives restarts to this granularity); adding,
    /// verifying or evicting a model writes it at once.
    /// </summary>
    public TimeSpan IndexWriteInterval { get; set; } = TimeSpan.FromMinutes(1);
}
