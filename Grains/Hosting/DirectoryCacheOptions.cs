namespace Aitbc.Orleans.Hosting;

/// <summary>The silo's grain directory cache (Orleans' <c>GrainDirectoryOptions</c>), bound from "Aitbc:DirectoryCache".</summary>
public sealed class DirectoryCacheOptions
{
    /// <summary>
    /// How long an entry nobody reads stays (Orleans' default is 4 minutes, and its sweep runs once per that period). On
    /// the development system the cache kept entries of grains whose activations were gone (about 1.3 per job, and one
    /// per grain of a fleet's sign-in), and every second the dashboard's metrics reader counts the cache by walking it.
    /// An entry read within the period stays, so grains in use keep theirs.
    /// </summary>
    public TimeSpan EntryTtl { get; set; } = TimeSpan.FromSeconds(30);
}
