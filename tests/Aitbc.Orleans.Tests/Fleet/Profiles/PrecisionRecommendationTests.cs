using Aitbc.Orleans.Fleet.Profiles;
using Xunit;

namespace Aitbc.Orleans.Tests.Fleet.Profiles;

public sealed class PrecisionRecommendationTests
{
    private const long Gib = 1024L * 1024 * 1024;
    private const long RuntimeReserve = 512L * 1024 * 1024;

    private static readonly GpuClassifier Classifier = new(GpuProfileCatalog.Default);

    private static GpuProfile Profile(string name) => GpuProfileCatalog.Default.Find(name) ?? throw new InvalidOperationException(name);

    // Weights x 1.2 + 512 MiB.
    private static long Footprint(long parameters, int bytesPerElement) => parameters * bytesPerElement * 6 / 5 + RuntimeReserve;

    [Fact]
    public void Seven_billion_parameters_run_at_fp16_on_a_24_gb_card()
    {
        var result = Classifier.RecommendPrecision(Profile("GeForce RTX 4090"), 7_000_000_000, 0);

        Assert.Equal(Precision.Fp16, result.Precision);
        Assert.True(result.Fits);
        Assert.Equal(17_336_870_912, result.RequiredBytes);
        Assert.Equal(Footprint(7_000_000_000, 2), result.RequiredBytes);
        Assert.Equal(24 * Gib, result.AvailableBytes);
        Assert.Contains("fp16", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Seven_billion_parameters_do_not_fit_an_8_gb_card_even_at_int8()
    {
        // int8: 7.0 GB weights + 1.4 GB headroom + 0.5 GiB = 8.94e9 bytes > 8 GiB (8.59e9).
        var result = Classifier.RecommendPrecision(Profile("GeForce RTX 4060"), 7_000_000_000, 0);

        Assert.False(result.Fits);
        Assert.Equal(Precision.Int8, result.Precision);
        Assert.Equal(8_936_870_912, result.RequiredBytes);
        Assert.Equal(8 * Gib, result.AvailableBytes);
        Assert.StartsWith("Does not fit", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Seven_billion_parameters_need_int8_on_a_16_gb_card()
    {
        // fp16 needs 17.34e9 bytes, just over 16 GiB (17.18e9).
        var result = Classifier.RecommendPrecision(Profile("GeForce RTX 4060 Ti 16GB"), 7_000_000_000, 0);
        Assert.Equal((Precision.Int8, true, 8_936_870_912L), (result.Precision, result.Fits, result.RequiredBytes));
    }

    [Fact]
    public void Seventy_billion_parameters_do_not_fit_8_gb()
    {
        var result = Classifier.RecommendPrecision(Profile("GeForce RTX 4060"), 70_000_000_000, 0);
        Assert.False(result.Fits);
        Assert.Equal(Precision.Int8, result.Precision);
        Assert.Equal(Footprint(70_000_000_000, 1), result.RequiredBytes);
    }

    [Fact]
    public void Small_models_stay_at_fp32_when_they_fit()
    {
        var result = Classifier.RecommendPrecision(Profile("GeForce RTX 4090"), 1_000_000_000, 0);
        Assert.Equal((Precision.Fp32, true, Footprint(1_000_000_000, 4)), (result.Precision, result.Fits, result.RequiredBytes));
    }

    [Fact]
    public void Pascal_consumer_cards_skip_fp16()
    {
        // 2B params: fp32 needs 10.1e9 > 6 GiB; fp16 would fit (5.3e9) but runs at 1/64 rate on a GTX 1060, so int8.
        var result = Classifier.RecommendPrecision(Profile("GeForce GTX 1060 6GB"), 2_000_000_000, 0);
        Assert.Equal((Precision.Int8, true, Footprint(2_000_000_000, 1)), (result.Precision, result.Fits, result.RequiredBytes));
        Assert.Contains("fp16 skipped", result.Reason, StringComparison.Ordinal);

        // The same model on an Ada card of the same size runs at fp16.
        Assert.Equal(Precision.Fp16, Classifier.RecommendPrecision(Profile("GeForce RTX 4060"), 2_000_000_000, 0).Precision);
    }

    [Fact]
    public void Devices_without_fast_int8_skip_int8()
    {
        var nano = Profile("Jetson Nano");
        // Unified 4 GB counts 70 %: 3.0e9 bytes. 1B at fp16 needs 2.94e9.
        var fp16 = Classifier.RecommendPrecision(nano, 1_000_000_000, 0);
        Assert.Equal((Precision.Fp16, true), (fp16.Precision, fp16.Fits));
        Assert.Equal((long)(4 * Gib * 0.7), fp16.AvailableBytes);

        var tooBig = Classifier.RecommendPrecision(nano, 2_000_000_000, 0);
        Assert.False(tooBig.Fits);
        Assert.Equal(Precision.Fp16, tooBig.Precision);
        Assert.Contains("int8 skipped", tooBig.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Unified_memory_counts_seventy_percent()
    {
        var m2Max = Profile("M2 Max");
        var result = Classifier.RecommendPrecision(m2Max, 13_000_000_000, 0);
        Assert.Equal((long)(32 * Gib * 0.7), result.AvailableBytes);
        // fp16 needs 31.7e9 > 24.05e9, int8 16.1e9 fits.
        Assert.Equal((Precision.Int8, true), (result.Precision, result.Fits));

        // 7B at fp16 needs 17.3e9 of the 24.05e9 usable.
        Assert.Equal(Precision.Fp16, Classifier.RecommendPrecision(m2Max, 7_000_000_000, 0).Precision);
    }

    [Fact]
    public void Model_bytes_are_read_as_an_fp16_checkpoint_when_parameters_are_unknown()
    {
        var fromBytes = Classifier.RecommendPrecision(Profile("GeForce RTX 4090"), 0, 14_000_000_000);
        var fromParameters = Classifier.RecommendPrecision(Profile("GeForce RTX 4090"), 7_000_000_000, 0);
        Assert.Equal(fromParameters, fromBytes);
    }

    [Fact]
    public void Missing_sizes_and_unknown_devices_do_not_fit()
    {
        var none = Classifier.RecommendPrecision(Profile("GeForce RTX 4090"), 0, 0);
        Assert.False(none.Fits);

        var unknown = Classifier.Classify("Mystery Accelerator").Profile;
        var onUnknown = Classifier.RecommendPrecision(unknown, 1_000_000, 0);
        Assert.False(onUnknown.Fits);
        Assert.Equal(0, onUnknown.AvailableBytes);

        // An unknown device with reported memory is not penalised for rates it never reported:
        // 5B at fp32 needs 24.5e9 > 16 GiB, fp16 12.5e9 fits.
        var reported = Classifier.Classify("Mystery Accelerator", 16 * 1024).Profile;
        var onReported = Classifier.RecommendPrecision(reported, 5_000_000_000, 0);
        Assert.Equal((Precision.Fp16, true), (onReported.Precision, onReported.Fits));
    }
}
