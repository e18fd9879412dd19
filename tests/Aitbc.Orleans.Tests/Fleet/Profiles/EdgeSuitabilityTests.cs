using Aitbc.Orleans.Fleet.Profiles;
using Xunit;

namespace Aitbc.Orleans.Tests.Fleet.Profiles;

public sealed class EdgeSuitabilityTests
{
    private static readonly GpuClassifier Classifier = new(GpuProfileCatalog.Default);

    private static GpuProfile Profile(string name) => GpuProfileCatalog.Default.Find(name) ?? throw new InvalidOperationException(name);

    [Fact]
    public void Every_catalogue_profile_scores_within_zero_and_one()
    {
        Assert.All(GpuProfileCatalog.Default.Profiles, p => Assert.InRange(Classifier.EdgeSuitability(p), 0, 1));
    }

    [Fact]
    public void Datacenter_flagship_stays_at_or_below_one()
    {
        var h100 = Classifier.EdgeSuitability(Profile("H100 SXM"));
        Assert.InRange(h100, 0.9, 1.0);
        var extreme = Profile("H200") with { Fp16Tflops = 1e6, VramGb = 1e6, MemoryBandwidthGBps = 1e6 };
        Assert.InRange(Classifier.EdgeSuitability(extreme), 0.99, 1.0);
    }

    [Fact]
    public void Jetson_orin_beats_pascal_on_performance_per_watt_and_overall()
    {
        var orinNano = Profile("Jetson Orin Nano 8GB");
        var agxOrin = Profile("Jetson AGX Orin 64GB");
        var gtx1060 = Profile("GeForce GTX 1060 6GB");

        Assert.True(GpuClassifier.PerformancePerWattScore(orinNano) > 0.6);
        Assert.True(GpuClassifier.PerformancePerWattScore(gtx1060) < 0.05);
        Assert.True(GpuClassifier.PerformancePerWattScore(agxOrin) > GpuClassifier.PerformancePerWattScore(gtx1060));
        Assert.True(Classifier.EdgeSuitability(orinNano) > Classifier.EdgeSuitability(gtx1060));
        Assert.True(Classifier.EdgeSuitability(agxOrin) > Classifier.EdgeSuitability(orinNano));
    }

    [Theory]
    [InlineData("GeForce RTX 4090", "GeForce RTX 4060")]
    [InlineData("GeForce RTX 4060", "GeForce GTX 1060 6GB")]
    [InlineData("GeForce RTX 4090", "GeForce RTX 3090")]
    [InlineData("GeForce RTX 3090", "GeForce RTX 3060 12GB")]
    [InlineData("GeForce RTX 4060 Ti 16GB", "GeForce RTX 4060 Ti 8GB")]
    [InlineData("M2 Max", "M2")]
    [InlineData("Jetson AGX Orin 64GB", "Jetson Nano")]
    [InlineData("Radeon RX 7900 XTX", "Radeon RX 6600")]
    public void Better_devices_score_higher(string better, string worse) =>
        Assert.True(Classifier.EdgeSuitability(Profile(better)) > Classifier.EdgeSuitability(Profile(worse)), $"{better} <= {worse}");

    [Fact]
    public void Score_is_monotone_in_each_factor()
    {
        var baseline = Profile("GeForce RTX 4060");
        var score = Classifier.EdgeSuitability(baseline);

        Assert.True(Classifier.EdgeSuitability(baseline with { Fp16Tflops = baseline.Fp16Tflops * 1.5 }) > score);
        Assert.True(Classifier.EdgeSuitability(baseline with { TdpWatts = baseline.TdpWatts * 0.5 }) > score);
        Assert.True(Classifier.EdgeSuitability(baseline with { VramGb = 16 }) > score);
        Assert.True(Classifier.EdgeSuitability(baseline with { MemoryBandwidthGBps = 800 }) > score);
        Assert.True(Classifier.EdgeSuitability(baseline with { VramGb = 4 }) < score);

        double previous = -1;
        foreach (var gb in new[] { 0, 2, 4, 8, 12, 16, 24, 48, 80, 192, 1000 })
        {
            var current = Classifier.EdgeSuitability(baseline with { VramGb = gb });
            Assert.True(current >= previous, $"score fell at {gb} GB");
            previous = current;
        }
    }

    [Fact]
    public void Components_saturate_at_the_documented_points()
    {
        var p = new GpuProfile { VramGb = 24, MemoryBandwidthGBps = 1000, Fp16Tflops = 20, TdpWatts = 100 };
        Assert.Equal(0.95, GpuClassifier.MemoryScore(p), 2);
        Assert.Equal(0.95, GpuClassifier.BandwidthScore(p), 2);
        Assert.Equal(0.95, GpuClassifier.PerformancePerWattScore(p), 2);
        Assert.Equal(0.95, Classifier.EdgeSuitability(p), 2);
    }

    [Fact]
    public void Generic_profile_without_figures_scores_zero()
    {
        var unknown = Classifier.Classify("Mystery Accelerator").Profile;
        Assert.Equal(0, Classifier.EdgeSuitability(unknown));
    }
}
