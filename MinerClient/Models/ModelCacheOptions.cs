namespace Aitbc.Orleans.Miner.Models;

public sealed class ModelCacheOptions
{
    public string Directory { get; set; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "aitbc-miner", "models");

    /// <summary>Total bytes of model files kept; least recently used models are deleted beyond this.</summary>
    public long MaxBytes { get; set; } = 20L * 1024 * 1024 * 1024;
}
