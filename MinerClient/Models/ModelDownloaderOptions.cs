namespace Aitbc.Orleans.Miner.Models;

public sealed class ModelDownloaderOptions
{
    /// <summary>Attempts per download; each retry resumes from the bytes already on disk.</summary>
    public int MaxAttempts { get; set; } = 5;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public int BufferSize { get; set; } = 1 << 16;
}
