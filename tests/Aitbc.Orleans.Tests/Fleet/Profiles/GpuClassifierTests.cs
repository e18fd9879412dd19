using Aitbc.Orleans.Fleet.Profiles;
using Xunit;

namespace Aitbc.Orleans.Tests.Fleet.Profiles;

public sealed class GpuClassifierTests
{
    private static readonly GpuClassifier Classifier = new(GpuProfileCatalog.Default);

    // Names as the tools print them: nvidia-smi, lspci/pci.ids (rocm-smi card series), rocminfo marketing names,
    // xpu-smi, system_profiler sppci_model, Jetson /proc/device-tree/model and jtop/tegra GPU names.
    [Theory]
    [InlineData("NVIDIA GeForce RTX 4090", 24564L, "GeForce RTX 4090")]
    [InlineData("NVIDIA GeForce RTX 4060", 8188L, "GeForce RTX 4060")]
    [InlineData("NVIDIA GeForce RTX 4060 Ti", 8188L, "GeForce RTX 4060 Ti 8GB")]
    [InlineData("NVIDIA GeForce RTX 4060 Ti", 16380L, "GeForce RTX 4060 Ti 16GB")]
    [InlineData("NVIDIA GeForce RTX 4060 Ti 16GB", null, "GeForce RTX 4060 Ti 16GB")]
    [InlineData("NVIDIA GeForce RTX 4070", 12282L, "GeForce RTX 4070")]
    [InlineData("NVIDIA GeForce RTX 4070 SUPER", 12282L, "GeForce RTX 4070 SUPER")]
    [InlineData("NVIDIA GeForce RTX 4070 Ti", 12282L, "GeForce RTX 4070 Ti")]
    [InlineData("NVIDIA GeForce RTX 4070 Ti SUPER", 16376L, "GeForce RTX 4070 Ti SUPER")]
    [InlineData("NVIDIA GeForce RTX 4060 Laptop GPU", 8188L, "GeForce RTX 4060 Laptop GPU")]
    [InlineData("NVIDIA GeForce RTX 3080 Laptop GPU", 16384L, "GeForce RTX 3080 Laptop GPU")]
    [InlineData("NVIDIA GeForce RTX 3080 Ti Laptop GPU", 16384L, "GeForce RTX 3080 Ti Laptop GPU")]
    [InlineData("NVIDIA GeForce RTX 3050 Laptop GPU", 4096L, "GeForce RTX 3050 Laptop GPU")]
    [InlineData("NVIDIA GeForce RTX 3050 Ti Laptop GPU", 4096L, "GeForce RTX 3050 Ti Laptop GPU")]
    [InlineData("NVIDIA GeForce RTX 3050 6GB Laptop GPU", 6144L, "GeForce RTX 3050 Laptop GPU")]
    [InlineData("NVIDIA GeForce RTX 4090 D", 24564L, "GeForce RTX 4090")]
    [InlineData("NVIDIA GeForce RTX 3060", 12288L, "GeForce RTX 3060 12GB")]
    [InlineData("NVIDIA GeForce RTX 3060", 8192L, "GeForce RTX 3060 8GB")]
    [InlineData("NVIDIA GeForce RTX 3060 Ti", 8192L, "GeForce RTX 3060 Ti")]
    [InlineData("GeForce GTX 1060 6GB", 6144L, "GeForce GTX 1060 6GB")]
    [InlineData("GeForce GTX 1060 3GB", null, "GeForce GTX 1060 3GB")]
    [InlineData("GeForce GTX 1080 Ti", 11264L, "GeForce GTX 1080 Ti")]
    [InlineData("NVIDIA GeForce GTX 1660 SUPER", 6144L, "GeForce GTX 1660 SUPER")]
    [InlineData("GeForce GTX 1070 with Max-Q Design", 8192L, "GeForce GTX 1070 Max-Q")]
    [InlineData("NVIDIA GeForce RTX 2080 with Max-Q Design", 8192L, "GeForce RTX 2080 Max-Q")]
    [InlineData("NVIDIA GeForce RTX 2080 SUPER", 8192L, "GeForce RTX 2080 SUPER")]
    [InlineData("NVIDIA GeForce RTX 5090", 32607L, "GeForce RTX 5090")]
    [InlineData("NVIDIA GeForce RTX 5060 Ti", 16311L, "GeForce RTX 5060 Ti 16GB")]
    [InlineData("NVIDIA GeForce RTX 5090 Laptop GPU", 24463L, "GeForce RTX 5090 Laptop GPU")]
    [InlineData("AD102 [GeForce RTX 4090]", null, "GeForce RTX 4090")]
    [InlineData("Tesla T4", 15360L, "T4")]
    [InlineData("NVIDIA L4", 23034L, "L4")]
    [InlineData("NVIDIA A10", 23028L, "A10")]
    [InlineData("NVIDIA A100-SXM4-40GB", 40960L, "A100 40GB")]
    [InlineData("NVIDIA A100-SXM4-80GB", 81920L, "A100 80GB")]
    [InlineData("NVIDIA A100 80GB PCIe", 81920L, "A100 80GB")]
    [InlineData("NVIDIA H100 80GB HBM3", 81559L, "H100 SXM")]
    [InlineData("NVIDIA H100 PCIe", 81559L, "H100 PCIe")]
    [InlineData("NVIDIA H200", 143771L, "H200")]
    [InlineData("NVIDIA Jetson AGX Orin Developer Kit", 62800L, "Jetson AGX Orin 64GB")]
    [InlineData("NVIDIA Jetson AGX Orin Developer Kit", 30536L, "Jetson AGX Orin 32GB")]
    [InlineData("NVIDIA Orin Nano Developer Kit", 7620L, "Jetson Orin Nano 8GB")]
    [InlineData("NVIDIA Jetson Orin NX Engineering Reference Developer Kit", 15388L, "Jetson Orin NX 16GB")]
    [InlineData("Orin (nvgpu)", 62841L, "Jetson AGX Orin 64GB")]
    [InlineData("Orin (nvgpu)", 15388L, "Jetson Orin NX 16GB")]
    [InlineData("Orin (nvgpu)", 3476L, "Jetson Orin Nano 4GB")]
    [InlineData("NVIDIA Jetson Xavier NX Developer Kit", 7765L, "Jetson Xavier NX 8GB")]
    [InlineData("Jetson-AGX", 31920L, "Jetson AGX Xavier 32GB")]
    [InlineData("Xavier", 7765L, "Jetson Xavier NX 8GB")]
    [InlineData("NVIDIA Jetson Nano Developer Kit", 3964L, "Jetson Nano")]
    [InlineData("NVIDIA Jetson TX2 Developer Kit", 7851L, "Jetson TX2")]
    [InlineData("AMD Radeon RX 7900 XTX", 24560L, "Radeon RX 7900 XTX")]
    [InlineData("AMD Radeon RX 7900 XT", 20464L, "Radeon RX 7900 XT")]
    [InlineData("AMD Radeon(TM) RX 7900 XTX", null, "Radeon RX 7900 XTX")]
    [InlineData("Navi 31 [Radeon RX 7900 XT/7900 XTX/7900M]", 24560L, "Radeon RX 7900 XTX")]
    [InlineData("Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]", 16368L, "Radeon RX 6800 XT")]
    [InlineData("Radeon RX 6800 XT", null, "Radeon RX 6800 XT")]
    [InlineData("AMD Radeon RX 6800", null, "Radeon RX 6800")]
    [InlineData("AMD Radeon RX 6700 XT", 12272L, "Radeon RX 6700 XT")]
    [InlineData("AMD Radeon RX 7600M XT", 8176L, "Radeon RX 7600M XT")]
    [InlineData("AMD Radeon RX 9070 XT", 16304L, "Radeon RX 9070 XT")]
    [InlineData("AMD Radeon RX 9070", 16304L, "Radeon RX 9070")]
    [InlineData("AMD Radeon RX 5700 XT", 8176L, "Radeon RX 5700 XT")]
    [InlineData("AMD Radeon 780M Graphics", null, "Radeon 780M")]
    [InlineData("AMD Radeon 890M", null, "Radeon 890M")]
    [InlineData("Rembrandt [Radeon 680M]", null, "Radeon 680M")]
    [InlineData("Intel(R) Arc(TM) A770 Graphics", 16288L, "Arc A770 16GB")]
    [InlineData("Intel(R) Arc(TM) A770 Graphics", 8096L, "Arc A770 8GB")]
    [InlineData("Intel(R) Arc(TM) A770M Graphics", 16288L, "Arc A770M")]
    [InlineData("Intel(R) Arc(TM) A380 Graphics", 6064L, "Arc A380")]
    [InlineData("Intel(R) Arc(TM) B580 Graphics", 12216L, "Arc B580")]
    [InlineData("Intel(R) Iris(R) Xe Graphics", null, "Iris Xe")]
    [InlineData("Intel(R) Arc(TM) 140V GPU (16GB)", null, "Arc 140V")]
    [InlineData("Apple M2 Max", 65536L, "M2 Max")]
    [InlineData("Apple M2", null, "M2")]
    [InlineData("Apple M1", 16384L, "M1")]
    [InlineData("Apple M1 Ultra", 131072L, "M1 Ultra")]
    [InlineData("Apple M3 Pro", 18432L, "M3 Pro")]
    [InlineData("Apple M4 Max", 131072L, "M4 Max")]
    [InlineData("  nvidia   GEFORCE rtx   4090 ", null, "GeForce RTX 4090")]
    [InlineData("NVIDIA GEFORCE RTX 4070 TI SUPER", null, "GeForce RTX 4070 Ti SUPER")]
    [InlineData("NVIDIA RTX 4090", null, "GeForce RTX 4090")]
    public void Reported_names_map_to_their_canonical_profile(string reported, long? memoryMb, string expected)
    {
        var result = Classifier.Classify(reported, memoryMb);

        Assert.True(result.IsKnown, $"'{reported}' was not recognised");
        Assert.True(result.Profile.IsKnown);
        Assert.Equal(expected, result.Profile.Name);
        Assert.NotNull(result.MatchedAlias);
        Assert.InRange(result.Confidence, 0.3, 1.0);
    }

    [Theory]
    [InlineData("NVIDIA GeForce RTX 4090")]
    [InlineData("NVIDIA GeForce RTX 4060 Laptop GPU")]
    [InlineData("AMD Radeon RX 7900 XTX")]
    [InlineData("Apple M2 Max")]
    [InlineData("Intel(R) Arc(TM) B580 Graphics")]
    [InlineData("Tesla T4")]
    public void Exact_alias_matches_have_full_confidence(string reported)
    {
        var result = Classifier.Classify(reported);
        Assert.Equal(1.0, result.Confidence);
        Assert.Equal(reported, result.MatchedAlias);
    }

    [Fact]
    public void Partial_matches_and_unresolved_variants_have_lower_confidence()
    {
        var partial = Classifier.Classify("NVIDIA RTX 4090");
        Assert.InRange(partial.Confidence, 0.3, 0.95);

        // "rtx 4060": 2 shared tokens, minus 0.5 for the unreported "geforce", over the key's 3 tokens. The 4060 Ti key
        // scores 1.0 (also lacks "ti"), so the choice is unambiguous and not discounted.
        Assert.Equal(0.5, Classifier.Classify("RTX 4060").Confidence);

        // A modifier the catalogue knows but the match lacks ("Ti" on a non-existent 4080 Ti) costs confidence.
        var missingModifier = Classifier.Classify("NVIDIA GeForce RTX 4080 Ti");
        Assert.Equal("GeForce RTX 4080", missingModifier.Profile.Name);
        Assert.InRange(missingModifier.Confidence, 0.3, 0.6);

        // Both 4060 Ti variants report the same name; without memory the classifier keeps the smaller one but says it guessed.
        var guessed = Classifier.Classify("NVIDIA GeForce RTX 4060 Ti");
        Assert.Equal("GeForce RTX 4060 Ti 8GB", guessed.Profile.Name);
        Assert.Equal(0.8, guessed.Confidence);

        // 7.4 GB on an Orin is an Orin Nano 8GB or an Orin NX 8GB; the lower-power module is the conservative choice.
        var orin8 = Classifier.Classify("Orin (nvgpu)", 7620);
        Assert.Equal("Jetson Orin Nano 8GB", orin8.Profile.Name);
        Assert.True(orin8.Confidence < 1.0);
    }

    [Theory]
    [InlineData("NVIDIA GeForce RTX 4060", "GeForce RTX 4060")]
    [InlineData("NVIDIA GeForce RTX 4060 Ti", "GeForce RTX 4060 Ti 8GB")]
    [InlineData("NVIDIA GeForce RTX 4070", "GeForce RTX 4070")]
    [InlineData("NVIDIA GeForce RTX 4070 SUPER", "GeForce RTX 4070 SUPER")]
    [InlineData("NVIDIA GeForce RTX 4070 Ti", "GeForce RTX 4070 Ti")]
    [InlineData("RTX 4060", "GeForce RTX 4060")]
    [InlineData("RTX 4070", "GeForce RTX 4070")]
    [InlineData("RTX 4070 Ti", "GeForce RTX 4070 Ti")]
    [InlineData("GeForce RTX 4080", "GeForce RTX 4080")]
    [InlineData("GeForce RTX 4080 Laptop GPU", "GeForce RTX 4080 Laptop GPU")]
    [InlineData("Radeon RX 7900 XT", "Radeon RX 7900 XT")]
    [InlineData("Radeon RX 7600", "Radeon RX 7600")]
    [InlineData("Radeon RX 7600 XT", "Radeon RX 7600 XT")]
    [InlineData("Radeon RX 7600M XT", "Radeon RX 7600M XT")]
    [InlineData("NVIDIA A10", "A10")]
    [InlineData("Apple M3", "M3")]
    public void Longest_model_match_wins_over_a_prefix_model(string reported, string expected) =>
        Assert.Equal(expected, Classifier.Classify(reported).Profile.Name);

    [Fact]
    public void Unified_memory_integrated_devices_take_the_reported_memory()
    {
        var m2Max = Classifier.Classify("Apple M2 Max", 98304);
        Assert.Equal(96, m2Max.Profile.VramGb);
        Assert.Equal("M2 Max", m2Max.Profile.Name);

        // Discrete cards keep their catalogue VRAM whatever the tool reports.
        Assert.Equal(24, Classifier.Classify("NVIDIA GeForce RTX 4090", 24564).Profile.VramGb);
    }

    [Fact]
    public void Vendor_hint_restricts_matching_to_that_vendor()
    {
        Assert.Equal("Arc A770 8GB", Classifier.Classify("Intel(R) Arc(TM) A770 Graphics", vendorHint: GpuVendor.Intel).Profile.Name);
        var wrongVendor = Classifier.Classify("Intel(R) Arc(TM) A770 Graphics", vendorHint: GpuVendor.Nvidia);
        Assert.False(wrongVendor.IsKnown);
        Assert.Equal(GpuVendor.Nvidia, wrongVendor.Profile.Vendor);
    }

    [Theory]
    [InlineData("Matrox G200eR2", 16L, GpuVendor.Unknown, GpuClass.Desktop, ComputeApi.Vulkan)]
    [InlineData("NVIDIA RTX A4000", 16376L, GpuVendor.Nvidia, GpuClass.Desktop, ComputeApi.Cuda)]
    [InlineData("NVIDIA GeForce RTX 4065", 8188L, GpuVendor.Nvidia, GpuClass.Desktop, ComputeApi.Cuda)]
    [InlineData("AMD Radeon Graphics", 4096L, GpuVendor.Amd, GpuClass.Desktop, ComputeApi.Rocm)]
    [InlineData("AMD Instinct MI300X", 196592L, GpuVendor.Amd, GpuClass.Desktop, ComputeApi.Rocm)]
    [InlineData("Intel(R) UHD Graphics 770", null, GpuVendor.Intel, GpuClass.Integrated, ComputeApi.LevelZero)]
    [InlineData("NVIDIA GeForce GTX 980M", 8192L, GpuVendor.Nvidia, GpuClass.Desktop, ComputeApi.Cuda)]
    [InlineData("NVIDIA GeForce MX450 Laptop GPU", 2048L, GpuVendor.Nvidia, GpuClass.Laptop, ComputeApi.Cuda)]
    [InlineData("NVIDIA GeForce RTX 2050", 4096L, GpuVendor.Nvidia, GpuClass.Desktop, ComputeApi.Cuda)]
    public void Unknown_devices_get_a_generic_profile_from_the_reported_figures(string reported, long? memoryMb, GpuVendor vendor, GpuClass gpuClass, ComputeApi api)
    {
        var result = Classifier.Classify(reported, memoryMb);

        Assert.False(result.IsKnown);
        Assert.False(result.Profile.IsKnown);
        Assert.Null(result.MatchedAlias);
        Assert.Equal(0, result.Confidence);
        Assert.Equal(reported, result.Profile.Name);
        Assert.Equal(vendor, result.Profile.Vendor);
        Assert.Equal(gpuClass, result.Profile.Class);
        Assert.Equal(api, result.Profile.ComputeApi);
        Assert.Equal(memoryMb is null ? 0 : Math.Round(memoryMb.Value / 1024d, 1), result.Profile.VramGb);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("(R)(TM) ---")]
    public void Empty_names_never_throw(string? reported)
    {
        var result = Classifier.Classify(reported, 4096);
        Assert.False(result.IsKnown);
        Assert.Equal(4, result.Profile.VramGb);
        Assert.False(string.IsNullOrWhiteSpace(result.Profile.Name));
    }

    [Fact]
    public void Cpu_hint_yields_a_cpu_profile()
    {
        var result = Classifier.Classify("AMD Ryzen 9 7950X 16-Core Processor", 65536, GpuVendor.Cpu);
        Assert.False(result.IsKnown);
        Assert.Equal((GpuVendor.Cpu, GpuClass.Cpu, ComputeApi.Cpu, 64d), (result.Profile.Vendor, result.Profile.Class, result.Profile.ComputeApi, result.Profile.VramGb));
        Assert.Equal("CPU", Classifier.Classify(null, null, GpuVendor.Cpu).Profile.Name);
    }

    [Fact]
    public void Arbitrary_input_never_throws_and_confidence_stays_in_range()
    {
        var random = new Random(42);
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 -/[]()®™RTXGB";
        for (var i = 0; i < 2000; i++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(0, 40)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
            var result = Classifier.Classify(text, random.Next(2) == 0 ? null : random.Next(-10, 300_000));
            Assert.InRange(result.Confidence, 0, 1);
            Assert.Equal(result.IsKnown, result.Profile.IsKnown);
        }
    }

    [Fact]
    public void Every_catalogue_name_and_alias_classifies_to_its_own_family()
    {
        var classifier = Classifier;
        foreach (var profile in GpuProfileCatalog.Default.Profiles)
        {
            // Passing the profile's own memory resolves memory variants and Jetson modules exactly.
            var memoryMb = (long)(profile.VramGb * 1024);
            foreach (var name in profile.Aliases.Prepend(profile.Name))
            {
                var result = classifier.Classify(name, memoryMb);
                Assert.True(result.IsKnown, name);
                Assert.Equal(profile.Name, result.Profile.Name);
            }
        }
    }
}
