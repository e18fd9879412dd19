using System.Text.RegularExpressions;
using Aitbc.Orleans.Fleet.Profiles;
using Xunit;

namespace Aitbc.Orleans.Tests.Fleet.Profiles;

public sealed class GpuProfileCatalogTests
{
    private static readonly GpuProfileCatalog Catalog = GpuProfileCatalog.Default;

    [Fact]
    public void Default_catalogue_is_loaded_once_and_has_at_least_120_profiles()
    {
        Assert.Same(GpuProfileCatalog.Default, GpuProfileCatalog.Default);
        Assert.True(Catalog.Profiles.Count >= 120, $"only {Catalog.Profiles.Count} profiles");
        Assert.All(Catalog.Profiles, p => Assert.True(p.IsKnown, p.Name));
    }

    [Fact]
    public void Names_and_aliases_are_unique_ignoring_case()
    {
        var all = Catalog.Profiles.SelectMany(p => p.Aliases.Prepend(p.Name)).ToList();
        var duplicates = all.GroupBy(n => n.Trim(), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
        Assert.All(all, n => Assert.False(string.IsNullOrWhiteSpace(n)));
    }

    [Fact]
    public void Figures_are_plausible()
    {
        Assert.All(Catalog.Profiles, p =>
        {
            Assert.InRange(p.MemoryBandwidthGBps, 20, 5000);
            // The RTX 5090 peaks at 104.8 FP32 TFLOPS (21760 cores x 2 x 2.407 GHz), so the ceiling is 110 rather than 100.
            Assert.InRange(p.Fp32Tflops, 0.2, 110);
            Assert.InRange(p.TdpWatts, 5, 800);
            Assert.InRange(p.VramGb, 2, 192);
            Assert.InRange(p.ReleaseYear, 2016, 2026);
            Assert.InRange(p.Int8Tops, 0, 2500);
            Assert.False(string.IsNullOrWhiteSpace(p.Architecture), p.Name);
            Assert.False(string.IsNullOrWhiteSpace(p.ComputeLevel), p.Name);
        });
    }

    [Fact]
    public void Compute_api_and_level_match_the_vendor()
    {
        Assert.All(Catalog.Profiles, p =>
        {
            switch (p.Vendor)
            {
                case GpuVendor.Nvidia:
                    Assert.Equal(ComputeApi.Cuda, p.ComputeApi);
                    Assert.Matches(@"^\d+\.\d$", p.ComputeLevel);
                    break;
                case GpuVendor.Amd:
                    Assert.Equal(ComputeApi.Rocm, p.ComputeApi);
                    Assert.Matches("^gfx1[0-2][0-9a-f]{2}$", p.ComputeLevel);
                    break;
                case GpuVendor.Intel:
                    Assert.Equal(ComputeApi.LevelZero, p.ComputeApi);
                    Assert.StartsWith("Xe", p.ComputeLevel, StringComparison.Ordinal);
                    break;
                case GpuVendor.Apple:
                    Assert.Equal(ComputeApi.Metal, p.ComputeApi);
                    Assert.Matches("^Apple[7-9]$", p.ComputeLevel);
                    Assert.True(p.UnifiedMemory, p.Name);
                    break;
                default:
                    Assert.Fail($"{p.Name} has vendor {p.Vendor}");
                    break;
            }
        });
    }

    [Fact]
    public void Fp16_is_at_least_fp32_on_architectures_with_full_or_double_rate_fp16()
    {
        string[] fullRate = ["Turing", "Volta", "Ampere", "Ada Lovelace", "Blackwell", "Hopper", "RDNA", "Apple", "Xe"];
        var checkedProfiles = Catalog.Profiles.Where(p => fullRate.Any(a => p.Architecture.StartsWith(a, StringComparison.Ordinal))).ToList();
        Assert.True(checkedProfiles.Count >= 110, $"only {checkedProfiles.Count} profiles checked");
        Assert.All(checkedProfiles, p => Assert.True(p.Fp16Tflops >= p.Fp32Tflops, $"{p.Name}: fp16 {p.Fp16Tflops} < fp32 {p.Fp32Tflops}"));
    }

    [Fact]
    public void Pascal_consumer_cards_have_crippled_fp16_but_jetson_tx2_does_not()
    {
        var pascalConsumer = Catalog.Profiles.Where(p => p.Architecture == "Pascal" && p.Class is GpuClass.Desktop or GpuClass.Laptop).ToList();
        Assert.True(pascalConsumer.Count >= 8);
        Assert.All(pascalConsumer, p => Assert.True(p.Fp16Tflops < p.Fp32Tflops / 2, p.Name));
        var tx2 = Catalog.Find("Jetson TX2")!;
        Assert.Equal(2 * tx2.Fp32Tflops, tx2.Fp16Tflops, 2);
    }

    [Fact]
    public void Laptop_variants_draw_less_power_than_their_desktop_counterparts()
    {
        var desktops = Catalog.Profiles.Where(p => p.Class == GpuClass.Desktop).ToLookup(p => ModelKey(p.Name), StringComparer.OrdinalIgnoreCase);
        var pairs = 0;
        foreach (var laptop in Catalog.Profiles.Where(p => p.Class == GpuClass.Laptop))
        {
            foreach (var desktop in desktops[ModelKey(laptop.Name)])
            {
                pairs++;
                // NVIDIA rates both the RTX 4060 desktop card and the top of the RTX 4060 Laptop GPU range at 115 W.
                if (laptop.Name == "GeForce RTX 4060 Laptop GPU")
                {
                    Assert.True(laptop.TdpWatts <= desktop.TdpWatts, $"{laptop.Name} {laptop.TdpWatts} W vs {desktop.Name} {desktop.TdpWatts} W");
                }
                else
                {
                    Assert.True(laptop.TdpWatts < desktop.TdpWatts, $"{laptop.Name} {laptop.TdpWatts} W vs {desktop.Name} {desktop.TdpWatts} W");
                }
            }
        }
        Assert.True(pairs >= 20, $"only {pairs} laptop/desktop pairs compared");
    }

    // "GeForce RTX 4060 Laptop GPU", "GeForce GTX 1060 Max-Q", "Radeon RX 7600M XT", "Arc A770M" -> the desktop model number.
    private static string ModelKey(string name)
    {
        var key = name.Replace(" Laptop GPU", "", StringComparison.Ordinal).Replace(" Max-Q", "", StringComparison.Ordinal);
        key = Regex.Replace(key, @"\b([A-Z]?\d{3,4})M\b", "$1");
        return Regex.Replace(key, @" \d+GB$", "");
    }

    [Theory]
    [InlineData(GpuVendor.Nvidia, GpuClass.Desktop)]
    [InlineData(GpuVendor.Nvidia, GpuClass.Laptop)]
    [InlineData(GpuVendor.Nvidia, GpuClass.Embedded)]
    [InlineData(GpuVendor.Nvidia, GpuClass.Datacenter)]
    [InlineData(GpuVendor.Amd, GpuClass.Desktop)]
    [InlineData(GpuVendor.Amd, GpuClass.Laptop)]
    [InlineData(GpuVendor.Amd, GpuClass.Integrated)]
    [InlineData(GpuVendor.Intel, GpuClass.Desktop)]
    [InlineData(GpuVendor.Intel, GpuClass.Laptop)]
    [InlineData(GpuVendor.Intel, GpuClass.Integrated)]
    [InlineData(GpuVendor.Apple, GpuClass.Integrated)]
    public void Every_required_vendor_and_class_is_present(GpuVendor vendor, GpuClass gpuClass) =>
        Assert.NotEmpty(Catalog.Query(vendor, gpuClass));

    [Theory]
    [InlineData("GeForce GTX 1060 6GB", "GeForce GTX 1080 Ti", "GeForce GTX 1060 Max-Q", "GeForce GTX 1080 Max-Q")]
    [InlineData("GeForce GTX 1650", "GeForce GTX 1660 Ti", "GeForce GTX 1660 SUPER", "GeForce GTX 1660 Ti Max-Q")]
    [InlineData("GeForce RTX 2060", "GeForce RTX 2080 Ti", "GeForce RTX 2070 Max-Q", "GeForce RTX 2080 Max-Q")]
    [InlineData("GeForce RTX 3060 12GB", "GeForce RTX 3090", "GeForce RTX 3060 Laptop GPU", "GeForce RTX 3080 Ti Laptop GPU")]
    [InlineData("GeForce RTX 4060", "GeForce RTX 4090", "GeForce RTX 4050 Laptop GPU", "GeForce RTX 4090 Laptop GPU")]
    [InlineData("GeForce RTX 5060", "GeForce RTX 5090", "GeForce RTX 5070 Laptop GPU", "GeForce RTX 5090 Laptop GPU")]
    [InlineData("Jetson Nano", "Jetson TX2", "Jetson Xavier NX 8GB", "Jetson AGX Xavier 32GB")]
    [InlineData("Jetson Orin Nano 4GB", "Jetson Orin Nano 8GB", "Jetson Orin NX 8GB", "Jetson Orin NX 16GB")]
    [InlineData("Jetson AGX Orin 32GB", "Jetson AGX Orin 64GB", "T4", "L4")]
    [InlineData("A10", "A100 40GB", "A100 80GB", "H100 SXM")]
    [InlineData("H100 PCIe", "H200", "Radeon RX 5700 XT", "Radeon RX 6900 XT")]
    [InlineData("Radeon RX 7900 XTX", "Radeon RX 9070 XT", "Radeon RX 6800M", "Radeon RX 7600M XT")]
    [InlineData("Radeon 680M", "Radeon 780M", "Radeon 890M", "Iris Xe")]
    [InlineData("Arc A380", "Arc A770 16GB", "Arc A770M", "Arc B580")]
    [InlineData("M1", "M1 Pro", "M1 Max", "M1 Ultra")]
    [InlineData("M2", "M2 Pro", "M2 Max", "M2 Ultra")]
    [InlineData("M3", "M3 Pro", "M3 Max", "M3 Ultra")]
    [InlineData("M4", "M4 Pro", "M4 Max", "Arc B570")]
    public void Required_models_are_catalogued(string a, string b, string c, string d) =>
        Assert.All(new[] { a, b, c, d }, name => Assert.NotNull(Catalog.Find(name)));

    [Fact]
    public void Spot_figures_match_vendor_spec_sheets()
    {
        var rtx4090 = Catalog.Find("GeForce RTX 4090")!;
        Assert.Equal((GpuVendor.Nvidia, GpuClass.Desktop, 24d, 1008d, "8.9", 450d), (rtx4090.Vendor, rtx4090.Class, rtx4090.VramGb, rtx4090.MemoryBandwidthGBps, rtx4090.ComputeLevel, rtx4090.TdpWatts));
        Assert.Equal(82.58, rtx4090.Fp32Tflops, 2);
        Assert.Equal(660.6, rtx4090.Int8Tops, 1);

        var xtx = Catalog.Find("Radeon RX 7900 XTX")!;
        Assert.Equal(("gfx1100", 24d, 960d, 355d), (xtx.ComputeLevel, xtx.VramGb, xtx.MemoryBandwidthGBps, xtx.TdpWatts));
        Assert.Equal(61.44, xtx.Fp32Tflops, 2);

        var h100 = Catalog.Find("H100 SXM")!;
        Assert.Equal((80d, 3350d, 66.9, 133.8, 700d, "9.0"), (h100.VramGb, h100.MemoryBandwidthGBps, h100.Fp32Tflops, h100.Fp16Tflops, h100.TdpWatts, h100.ComputeLevel));

        var m2Max = Catalog.Find("M2 Max")!;
        Assert.Equal((true, 400d, "Apple8", 13.6), (m2Max.UnifiedMemory, m2Max.MemoryBandwidthGBps, m2Max.ComputeLevel, m2Max.Fp32Tflops));

        var agxOrin = Catalog.Find("Jetson AGX Orin 64GB")!;
        Assert.Equal((64d, 204.8, 60d, "8.7", GpuClass.Embedded), (agxOrin.VramGb, agxOrin.MemoryBandwidthGBps, agxOrin.TdpWatts, agxOrin.ComputeLevel, agxOrin.Class));
        Assert.Equal(85.2, agxOrin.Int8Tops, 1); // 170 sparse INT8 TOPS / 2

        var gtx1060 = Catalog.Find("GeForce GTX 1060 6GB")!;
        Assert.Equal(4.37, gtx1060.Fp32Tflops, 2);
        Assert.Equal(gtx1060.Fp32Tflops / 64, gtx1060.Fp16Tflops, 2);
    }

    [Fact]
    public void Find_matches_names_and_aliases_ignoring_case_and_whitespace()
    {
        Assert.Equal("GeForce RTX 4090", Catalog.Find("  nvidia   GEFORCE rtx 4090 ")?.Name);
        Assert.Equal("Radeon RX 7900 XTX", Catalog.Find("Navi 31 [Radeon RX 7900 XT/7900 XTX/7900M]")?.Name);
        Assert.Equal("H100 SXM", Catalog.Find("NVIDIA H100 80GB HBM3")?.Name);
        Assert.True(Catalog.TryFind("Apple M2 Max", out var m2Max));
        Assert.Equal("M2 Max", m2Max.Name);
        Assert.Null(Catalog.Find("GeForce RTX 9999"));
        Assert.Null(Catalog.Find(null));
        Assert.False(Catalog.TryFind("", out _));
    }

    [Fact]
    public void Query_filters_by_vendor_class_and_memory()
    {
        Assert.Equal(15, Catalog.Query(GpuVendor.Apple).Count);
        Assert.Equal(10, Catalog.Query(gpuClass: GpuClass.Embedded).Count);
        Assert.Equal(
            ["A100 80GB", "H100 SXM", "H100 PCIe", "H200"],
            Catalog.Query(GpuVendor.Nvidia, GpuClass.Datacenter, 80).Select(p => p.Name));
        Assert.All(Catalog.Query(minMemoryGb: 24), p => Assert.True(p.VramGb >= 24));
        Assert.Equal(Catalog.Profiles.Count, Catalog.Query().Count);
    }

    [Fact]
    public void Header_documents_sources_and_the_fp16_convention()
    {
        Assert.Contains("spec", Catalog.Sources, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Non-tensor", Catalog.Conventions["fp16Tflops"], StringComparison.Ordinal);
        Assert.Contains("upper bound", Catalog.Conventions["tdpWatts"], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_rejects_duplicate_aliases_and_missing_fields()
    {
        const string Entry = """{"vendor": "nvidia", "name": "NAME", "aliases": ["ALIAS"], "architecture": "Ada Lovelace", "class": "desktop", "vramGb": 8, "unifiedMemory": false, "memoryBandwidthGBps": 272, "fp32Tflops": 15, "fp16Tflops": 15, "int8Tops": 120, "tdpWatts": 115, "releaseYear": 2023, "computeApi": "CUDA", "computeLevel": "8.9"}""";
        static string Document(params string[] entries) => $$"""{"header": {"sources": "test"}, "profiles": [{{string.Join(",", entries)}}]}""";

        var ok = GpuProfileCatalog.Parse(Document(Entry.Replace("NAME", "A").Replace("ALIAS", "a1"), Entry.Replace("NAME", "B").Replace("ALIAS", "b1")));
        Assert.Equal(2, ok.Profiles.Count);
        Assert.Equal(ComputeApi.Cuda, ok.Profiles[0].ComputeApi);

        Assert.Throws<InvalidDataException>(() => GpuProfileCatalog.Parse(Document(Entry.Replace("NAME", "A").Replace("ALIAS", "x"), Entry.Replace("NAME", "B").Replace("ALIAS", "X"))));
        Assert.Throws<InvalidDataException>(() => GpuProfileCatalog.Parse(Document(Entry.Replace("\"tdpWatts\": 115, ", ""))));
        Assert.Throws<InvalidDataException>(() => GpuProfileCatalog.Parse(Document(Entry.Replace("\"nvidia\"", "\"matrox\""))));
    }
}
