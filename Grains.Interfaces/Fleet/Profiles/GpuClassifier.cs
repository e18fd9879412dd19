namespace Aitbc.Orleans.Fleet.Profiles;

/// <summary>
/// Maps the device names miners report to catalogue profiles, scores devices for edge work and picks the precision
/// a model can run at. Stateless after construction and safe to share.
/// </summary>
public sealed class GpuClassifier
{
    private const double BytesPerGib = 1024d * 1024 * 1024;

    // Non-exact matches below this score are too weak to trust (e.g. only "h100" of "h100 pcie" still scores 0.5).
    private const double MinimumScore = 0.5;

    // Runtime headroom on top of the weights: activations, KV cache and allocator slack grow with the model (20 %),
    // CUDA/ROCm/Metal contexts and kernels cost a fixed amount (512 MiB).
    private const int ActivationHeadroomPercent = 20;
    private const long RuntimeReserveBytes = 512L * 1024 * 1024;

    // Unified memory is shared with the OS and the CPU side of the worker; about 70 % is usable by a model.
    private const double UnifiedMemoryUsableFraction = 0.70;

    private static readonly Lazy<GpuClassifier> DefaultClassifier = new(() => new GpuClassifier(GpuProfileCatalog.Default));

    private readonly List<GpuNameKey> _keys = [];
    private readonly HashSet<string> _knownTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<GpuProfile, GpuProfile[]> _families = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<GpuProfile, string[]> _nameTokens = new(ReferenceEqualityComparer.Instance);

    public GpuClassifier(GpuProfileCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        Catalog = catalog;
        foreach (var profile in catalog.Profiles)
        {
            _nameTokens[profile] = GpuNameTokens.Parse(profile.Name).Tokens;
            foreach (var text in profile.Aliases.Prepend(profile.Name))
            {
                var tokens = GpuNameTokens.Parse(text).Tokens;
                if (tokens.Length == 0)
                {
                    continue;
                }
                _keys.Add(new GpuNameKey(profile, text, tokens));
                _knownTokens.UnionWith(tokens);
            }
        }

        // Families are profiles one reported name cannot tell apart without memory: memory variants of one model
        // ("RTX 4060 Ti 8GB/16GB"), and Jetson modules, whose GPU reports the SoC ("Orin (nvgpu)") whatever the module.
        foreach (var family in catalog.Profiles.GroupBy(FamilyKey, StringComparer.Ordinal))
        {
            var members = family.ToArray();
            foreach (var member in members)
            {
                _families[member] = members;
            }
        }
    }

    /// <summary>A classifier over <see cref="GpuProfileCatalog.Default"/>.</summary>
    public static GpuClassifier Default => DefaultClassifier.Value;

    public GpuProfileCatalog Catalog { get; }

    /// <summary>
    /// Maps a reported device name to a profile. Never throws: empty or unknown names yield a generic profile built
    /// from the reported figures with <see cref="GpuProfile.IsKnown"/> false.
    /// </summary>
    /// <param name="reportedName">Name as a tool printed it (nvidia-smi, rocm-smi, system_profiler, xpu-smi, device tree).</param>
    /// <param name="reportedMemoryMb">Device memory in MiB as reported (system memory for unified-memory devices).</param>
    /// <param name="vendorHint">Vendor the worker already knows, if any; restricts matching to that vendor.</param>
    public GpuClassification Classify(string? reportedName, long? reportedMemoryMb = null, GpuVendor? vendorHint = null)
    {
        var parts = GpuNameTokens.Parse(reportedName);
        // A measured size beats one printed in the name; both select variants.
        var memoryGb = reportedMemoryMb > 0 ? reportedMemoryMb.Value / 1024d : parts.MemoryGb;
        if (vendorHint == GpuVendor.Cpu || parts.Tokens.Length == 0)
        {
            return Unknown(reportedName, parts, memoryGb, vendorHint);
        }

        var reported = GpuNameTokens.Collapse(reportedName);
        GpuNameKey? best = null;
        var bestScore = double.NegativeInfinity;
        var bestExact = false;
        var ambiguous = false;
        foreach (var key in _keys)
        {
            if (vendorHint is { } vendor && vendor != GpuVendor.Unknown && key.Profile.Vendor != vendor)
            {
                continue;
            }
            if (Score(parts.Tokens, key.Tokens, out var exact) is not { } score)
            {
                continue;
            }
            // Name and alias often tokenise alike ("GeForce RTX 4090" / "NVIDIA GeForce RTX 4090"); report the literal one.
            if (exact && string.Equals(GpuNameTokens.Collapse(key.Text), reported, StringComparison.OrdinalIgnoreCase))
            {
                score += 0.25;
            }
            if (score > bestScore)
            {
                (best, bestScore, bestExact, ambiguous) = (key, score, exact, false);
            }
            else if (score == bestScore && best is not null && !ReferenceEquals(_families[best.Profile], _families[key.Profile]))
            {
                ambiguous = true;
            }
        }
        if (best is null || bestScore < MinimumScore)
        {
            return Unknown(reportedName, parts, memoryGb, vendorHint);
        }

        var confidence = bestExact
            ? 1.0
            : Math.Clamp(bestScore / Math.Max(best.Tokens.Length, parts.Tokens.Count(_knownTokens.Contains)), 0.1, 0.95);
        if (ambiguous)
        {
            confidence *= 0.7;
        }

        var (profile, variantCertain) = ResolveVariant(best.Profile, parts.Tokens, memoryGb);
        if (!variantCertain)
        {
            confidence *= 0.8;
        }
        // Integrated GPUs and Apple silicon have as much memory as the machine they sit in.
        if (profile.Class == GpuClass.Integrated && profile.UnifiedMemory && memoryGb > 0)
        {
            profile = profile with { VramGb = Math.Round(memoryGb.Value, 1) };
        }
        return new GpuClassification(profile, true, best.Text, Math.Round(confidence, 3));
    }

    /// <summary>
    /// How well a device suits edge inference, in [0, 1]. Three saturating scores (see the component methods), weighted:
    /// performance per watt 0.5 (power and cooling are what an edge site pays for), memory 0.3 (decides which models
    /// fit at all), bandwidth 0.2 (bounds tokens per second in memory-bound decoding). Each component is non-decreasing
    /// in its input and capped at 1, so the sum is monotone in each factor and never exceeds 1.
    /// </summary>
    public double EdgeSuitability(GpuProfile p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var score = 0.5 * PerformancePerWattScore(p) + 0.3 * MemoryScore(p) + 0.2 * BandwidthScore(p);
        return Math.Clamp(score, 0, 1);
    }

    /// <summary>1 - exp(-x / 0.0667) over FP16 TFLOPS per watt: 0.1 TFLOPS/W scores 0.78, 0.2 TFLOPS/W 0.95.</summary>
    public static double PerformancePerWattScore(GpuProfile p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return p.TdpWatts > 0 ? Saturate(p.Fp16Tflops / p.TdpWatts, 0.2 / 3) : 0;
    }

    /// <summary>1 - exp(-GB / 8): 8 GB scores 0.63, 24 GB 0.95.</summary>
    public static double MemoryScore(GpuProfile p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return Saturate(p.VramGb, 24.0 / 3);
    }

    /// <summary>1 - exp(-GB/s / 333): 300 GB/s scores 0.59, 1 TB/s 0.95.</summary>
    public static double BandwidthScore(GpuProfile p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return Saturate(p.MemoryBandwidthGBps, 1000.0 / 3);
    }

    /// <summary>
    /// Picks the most precise of FP32, FP16, INT8 whose footprint fits. Footprint = weights x 1.2 + 512 MiB
    /// (activations/KV cache and runtime context); weights = parameters x bytes per element, or, when
    /// <paramref name="parameterCount"/> is not given, <paramref name="modelBytes"/> read as an FP16 checkpoint
    /// (2 bytes per parameter) and rescaled. Unified memory counts 70 %. FP16 is skipped on devices without a useful
    /// FP16 rate (below half the FP32 rate, e.g. Pascal consumer cards at 1/64) and INT8 where the device has no fast
    /// INT8 path; generic profiles of unknown devices have no rates, so nothing is skipped for them.
    /// </summary>
    public PrecisionRecommendation RecommendPrecision(GpuProfile p, long parameterCount, long modelBytes)
    {
        ArgumentNullException.ThrowIfNull(p);
        var available = (long)(Math.Max(p.VramGb, 0) * BytesPerGib * (p.UnifiedMemory ? UnifiedMemoryUsableFraction : 1.0));
        var parameters = parameterCount > 0 ? parameterCount : Math.Max(modelBytes, 0) / 2;
        if (parameters <= 0)
        {
            return new PrecisionRecommendation(Precision.Fp32, false, 0, available, "No parameter count or model size given.");
        }

        var skipped = new List<string>();
        var supported = new List<Precision> { Precision.Fp32 };
        if (!p.IsKnown || p.Fp16Tflops >= p.Fp32Tflops / 2)
        {
            supported.Add(Precision.Fp16);
        }
        else
        {
            skipped.Add($"fp16 skipped ({p.Fp16Tflops:0.###} TFLOPS vs fp32 {p.Fp32Tflops:0.###})");
        }
        if (!p.IsKnown || p.Int8Tops > 0)
        {
            supported.Add(Precision.Int8);
        }
        else
        {
            skipped.Add("int8 skipped (no fast INT8 path)");
        }
        var skippedNote = skipped.Count > 0 ? $"; {string.Join("; ", skipped)}" : "";
        var memoryNote = p.UnifiedMemory ? $" ({UnifiedMemoryUsableFraction:P0} of unified {p.VramGb:0.#} GB)" : "";

        foreach (var precision in supported)
        {
            var required = RequiredBytes(parameters, precision);
            if (required <= available)
            {
                return new PrecisionRecommendation(precision, true, required, available,
                    $"{Label(precision)} needs {Gib(required)} GiB of {Gib(available)} GiB available{memoryNote}{skippedNote}.");
            }
        }

        var smallest = supported[^1];
        var smallestRequired = RequiredBytes(parameters, smallest);
        return new PrecisionRecommendation(smallest, false, smallestRequired, available,
            $"Does not fit: even {Label(smallest)} needs {Gib(smallestRequired)} GiB but only {Gib(available)} GiB is available{memoryNote}{skippedNote}.");
    }

    // Integer arithmetic keeps the figure exact; saturates instead of overflowing for absurd inputs.
    private static long RequiredBytes(long parameters, Precision precision)
    {
        var bytesPerElement = precision switch
        {
            Precision.Fp32 => 4L,
            Precision.Fp16 => 2L,
            _ => 1L,
        };
        if (parameters > long.MaxValue / 128)
        {
            return long.MaxValue;
        }
        var weights = parameters * bytesPerElement;
        var headroom = (weights * ActivationHeadroomPercent + 99) / 100;
        return weights + headroom + RuntimeReserveBytes;
    }

    private static string Label(Precision precision) => precision.ToString().ToLowerInvariant();

    private static string Gib(long bytes) => (bytes / BytesPerGib).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);

    private static double Saturate(double value, double scale) =>
        double.IsFinite(value) && value > 0 ? 1 - Math.Exp(-value / scale) : 0;

    /// <summary>
    /// Scores a catalogue key against the reported tokens, ignoring order: +1 per shared token, -1 per reported token
    /// the key lacks but the catalogue knows (so "4060 ti" does not settle for "4060", "3050 ti laptop" prefers
    /// "3050 laptop" to "3050"), -0.5 per key token not reported (so "rtx 4060" prefers "geforce rtx 4060" to
    /// "geforce rtx 4060 ti"). Shared tokens must include a model number unless the key has none (e.g. "orin nvgpu"),
    /// otherwise "GeForce RTX 4065" would match every GeForce. Null means no match.
    /// </summary>
    private double? Score(string[] reported, string[] key, out bool exact)
    {
        exact = false;
        var unmatchedKey = new List<string>(key);
        var shared = 0;
        var sharedHasDigit = false;
        var knownUnmatched = 0;
        foreach (var token in reported)
        {
            if (unmatchedKey.Remove(token))
            {
                shared++;
                sharedHasDigit |= GpuNameTokens.HasDigit(token);
            }
            else if (_knownTokens.Contains(token))
            {
                knownUnmatched++;
            }
        }
        if (shared == 0)
        {
            return null;
        }
        if (shared == reported.Length && shared == key.Length)
        {
            exact = true;
            return shared + 0.5;
        }
        if (!sharedHasDigit && (key.Any(GpuNameTokens.HasDigit) || (shared != key.Length && shared != reported.Length)))
        {
            return null;
        }
        return shared - knownUnmatched - 0.5 * unmatchedKey.Count;
    }

    /// <summary>
    /// Chooses among a matched profile's family: first by family-distinguishing words the report contains
    /// ("nano", "nx", "agx"), then by nearest memory size. Without memory it keeps the matched profile; a tie goes to
    /// the lower-power profile, the conservative choice for scheduling.
    /// </summary>
    private (GpuProfile Profile, bool Certain) ResolveVariant(GpuProfile matched, string[] reported, double? memoryGb)
    {
        var family = _families[matched];
        if (family.Length == 1)
        {
            return (matched, true);
        }

        var shared = family.Select(m => _nameTokens[m]).Aggregate((IEnumerable<string>)_nameTokens[family[0]], (a, b) => a.Intersect(b)).ToHashSet();
        var named = reported.Where(t => !shared.Contains(t) && family.Any(m => _nameTokens[m].Contains(t))).ToArray();
        var candidates = family.Where(m => named.All(_nameTokens[m].Contains)).ToArray();
        if (candidates.Length == 0)
        {
            candidates = family;
        }
        if (candidates.Length == 1)
        {
            return (candidates[0], true);
        }
        if (memoryGb is not > 0)
        {
            return candidates.Contains(matched) ? (matched, false) : (candidates.MinBy(m => m.TdpWatts)!, false);
        }

        var distance = (GpuProfile m) => m.VramGb > 0 ? Math.Abs(Math.Log(m.VramGb / memoryGb.Value)) : double.MaxValue;
        var nearest = candidates.Min(distance);
        var closest = candidates.Where(m => distance(m) - nearest < 1e-9).ToArray();
        if (closest.Length == 1)
        {
            return (closest[0], true);
        }
        return closest.Contains(matched) ? (matched, false) : (closest.MinBy(m => m.TdpWatts)!, false);
    }

    private static string FamilyKey(GpuProfile profile) => profile.Class == GpuClass.Embedded
        ? $"embedded|{profile.Vendor}|{profile.ComputeLevel}"
        : $"{profile.Vendor}|{string.Join(' ', GpuNameTokens.Parse(profile.Name).Tokens)}";

    private static GpuClassification Unknown(string? reportedName, GpuNameParts parts, double? memoryGb, GpuVendor? vendorHint)
    {
        var vendor = vendorHint is { } hint && hint != GpuVendor.Unknown ? hint : GuessVendor(parts.RawTokens);
        var raw = parts.RawTokens;
        var gpuClass = vendor switch
        {
            GpuVendor.Cpu => GpuClass.Cpu,
            _ when raw.Contains("laptop") || raw.Contains("mobile") || raw.Contains("q") && raw.Contains("max") => GpuClass.Laptop,
            _ when raw.Contains("jetson") || raw.Contains("tegra") || raw.Contains("nvgpu") => GpuClass.Embedded,
            GpuVendor.Apple => GpuClass.Integrated,
            _ when raw.Contains("iris") || raw.Contains("uhd") || raw.Contains("integrated") => GpuClass.Integrated,
            _ => GpuClass.Desktop,
        };
        var name = GpuNameTokens.Collapse(reportedName);
        var profile = new GpuProfile
        {
            Vendor = vendor,
            Name = name.Length > 0 ? name : vendor == GpuVendor.Cpu ? "CPU" : "Unknown GPU",
            Architecture = "unknown",
            Class = gpuClass,
            VramGb = memoryGb > 0 ? Math.Round(memoryGb.Value, 1) : 0,
            UnifiedMemory = gpuClass is GpuClass.Integrated or GpuClass.Embedded or GpuClass.Cpu,
            ComputeApi = vendor switch
            {
                GpuVendor.Nvidia => ComputeApi.Cuda,
                GpuVendor.Amd => ComputeApi.Rocm,
                GpuVendor.Intel => ComputeApi.LevelZero,
                GpuVendor.Apple => ComputeApi.Metal,
                GpuVendor.Cpu => ComputeApi.Cpu,
                _ => ComputeApi.Vulkan,
            },
            IsKnown = false,
        };
        return new GpuClassification(profile, false, null, 0);
    }

    private static GpuVendor GuessVendor(string[] raw)
    {
        static bool Any(string[] tokens, params string[] words) => words.Any(tokens.Contains);
        if (Any(raw, "nvidia", "geforce", "quadro", "tesla", "rtx", "gtx", "titan", "jetson", "tegra", "nvgpu"))
        {
            return GpuVendor.Nvidia;
        }
        if (Any(raw, "amd", "radeon", "ati", "instinct", "navi"))
        {
            return GpuVendor.Amd;
        }
        if (Any(raw, "intel", "arc", "iris", "uhd"))
        {
            return GpuVendor.Intel;
        }
        if (Any(raw, "apple"))
        {
            return GpuVendor.Apple;
        }
        return Any(raw, "cpu") ? GpuVendor.Cpu : GpuVendor.Unknown;
    }
}
