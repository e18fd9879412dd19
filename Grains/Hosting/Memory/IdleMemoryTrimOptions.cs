namespace Aitbc.Orleans.Hosting.Memory;

/// <summary>
/// When a silo that is not collecting returns the GC's empty committed memory to the operating system
/// (section "Aitbc:MemoryTrim").
/// </summary>
public sealed class IdleMemoryTrimOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>How often the GC's figures are read.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A silo is idle when no gen0 collection has run for this long (read at the checks).</summary>
    public TimeSpan IdleFor { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Empty committed memory below this is left alone: returning it is not worth a blocking collection.</summary>
    public long MinimumEmptyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>At most one trim per this interval, whatever the readings say.</summary>
    public TimeSpan MinimumGap { get; set; } = TimeSpan.FromMinutes(10);
}
