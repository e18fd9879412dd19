using System.Diagnostics.CodeAnalysis;

namespace Aitbc.Orleans.Fleet.Profiles;

/// <summary>
/// The GPU profile catalogue, loaded once from the embedded gpu-profiles.json.
/// Immutable after construction, so one instance is shared by every grain and request.
/// </summary>
public sealed class GpuProfileCatalog
{
    public const string ResourceName = "Aitbc.Orleans.Fleet.Profiles.gpu-profiles.json";

    private static readonly Lazy<GpuProfileCatalog> EmbeddedCatalog = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, GpuProfile> _byNameOrAlias;

    public GpuProfileCatalog(IEnumerable<GpuProfile> profiles, string sources = "", IReadOnlyDictionary<string, string>? conventions = null)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        Profiles = [.. profiles];
        Sources = sources;
        Conventions = conventions ?? new Dictionary<string, string>();
        _byNameOrAlias = new Dictionary<string, GpuProfile>(StringComparer.OrdinalIgnoreCase);
        foreach (var profile in Profiles)
        {
            foreach (var key in profile.Aliases.Prepend(profile.Name))
            {
                var collapsed = GpuNameTokens.Collapse(key);
                if (collapsed.Length == 0)
                {
                    throw new InvalidDataException($"GPU catalogue: profile '{profile.Name}' has an empty alias.");
                }
                // A name shared by two profiles would make lookups depend on file order.
                if (!_byNameOrAlias.TryAdd(collapsed, profile))
                {
                    throw new InvalidDataException(
                        $"GPU catalogue: '{key}' names both '{_byNameOrAlias[collapsed].Name}' and '{profile.Name}'.");
                }
            }
        }
    }

    /// <summary>The catalogue embedded in this assembly.</summary>
    public static GpuProfileCatalog Default => EmbeddedCatalog.Value;

    public IReadOnlyList<GpuProfile> Profiles { get; }

    /// <summary>Where the figures come from (the JSON header).</summary>
    public string Sources { get; }

    /// <summary>How each figure is defined (FP16 convention, laptop TDP, ...), keyed by field name.</summary>
    public IReadOnlyDictionary<string, string> Conventions { get; }

    public static GpuProfileCatalog Parse(string json)
    {
        var (profiles, sources, conventions) = GpuProfileJson.Read(json);
        return new GpuProfileCatalog(profiles, sources, conventions);
    }

    /// <summary>Exact lookup by canonical name or alias, ignoring case and repeated whitespace.</summary>
    public GpuProfile? Find(string? nameOrAlias) =>
        _byNameOrAlias.GetValueOrDefault(GpuNameTokens.Collapse(nameOrAlias));

    public bool TryFind(string? nameOrAlias, [NotNullWhen(true)] out GpuProfile? profile)
    {
        profile = Find(nameOrAlias);
        return profile is not null;
    }

    /// <summary>Profiles matching every given filter, in catalogue order.</summary>
    public IReadOnlyList<GpuProfile> Query(GpuVendor? vendor = null, GpuClass? gpuClass = null, double? minMemoryGb = null) =>
    [
        .. Profiles.Where(p =>
            (vendor is null || p.Vendor == vendor)
            && (gpuClass is null || p.Class == gpuClass)
            && (minMemoryGb is null || p.VramGb >= minMemoryGb)),
    ];

    private static GpuProfileCatalog LoadEmbedded()
    {
        using var stream = typeof(GpuProfileCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{ResourceName}' is missing from {typeof(GpuProfileCatalog).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }
}
