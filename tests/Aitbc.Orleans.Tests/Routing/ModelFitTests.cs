using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Routing;

namespace Aitbc.Orleans.Tests.Routing;

public sealed class ModelFitTests
{
    private const long MiB = 1024 * 1024;

    [Theory]
    [InlineData(24)]
    [InlineData(0.6)]
    public void The_capacity_is_where_the_required_memory_meets_the_card(double vramGb)
    {
        var capacity = ModelFit.CapacityBytes(vramGb);

        Assert.Equal(vramGb, ModelFit.RequiredGb((long)capacity), 6);
        Assert.True(ModelFit.RequiredGb((long)capacity + 1024) > vramGb);
    }

    [Fact]
    public void A_card_smaller_than_the_runtime_holds_nothing()
    {
        Assert.True(ModelFit.CapacityBytes(0.25) < 0);
        Assert.Null(ModelFit.Choose(new ModelSizes(1, 1, 1), ModelFit.CapacityBytes(0.25), PrecisionSupport.Fp32 | PrecisionSupport.Int8));
    }

    [Fact]
    public void The_most_precise_deployable_variant_that_fits_is_chosen()
    {
        var all = PrecisionSupport.Fp32 | PrecisionSupport.Fp16 | PrecisionSupport.Int8;
        var sizes = new ModelSizes(400 * MiB, 200 * MiB, 100 * MiB);

        Assert.Equal(Precision.Fp32, ModelFit.Choose(sizes, 500 * MiB, all));
        Assert.Equal(Precision.Fp16, ModelFit.Choose(sizes, 300 * MiB, all));
        Assert.Equal(Precision.Int8, ModelFit.Choose(sizes, 150 * MiB, all));
        Assert.Null(ModelFit.Choose(sizes, 50 * MiB, all));
    }

    [Fact]
    public void A_variant_that_did_not_pass_or_a_precision_the_card_runs_badly_is_never_chosen()
    {
        var all = PrecisionSupport.Fp32 | PrecisionSupport.Fp16 | PrecisionSupport.Int8;

        // The int8 variant failed its tolerance (null): a card that only holds int8 does not fit.
        Assert.Null(ModelFit.Choose(new ModelSizes(400 * MiB, 200 * MiB, null), 150 * MiB, all));

        // The card has no fast int8 path: the int8 variant does not count on it.
        Assert.Null(ModelFit.Choose(new ModelSizes(400 * MiB, 200 * MiB, 100 * MiB), 150 * MiB, PrecisionSupport.Fp32 | PrecisionSupport.Fp16));
    }

    [Fact]
    public void A_pinned_precision_is_that_variant_or_nothing()
    {
        var all = PrecisionSupport.Fp32 | PrecisionSupport.Fp16 | PrecisionSupport.Int8;
        var sizes = new ModelSizes(400 * MiB, 200 * MiB, 100 * MiB);

        Assert.Equal(Precision.Int8, ModelFit.Choose(sizes, 500 * MiB, all, Precision.Int8));
        Assert.Null(ModelFit.Choose(sizes, 300 * MiB, all, Precision.Fp32));
        Assert.Equal(100 * MiB, sizes.Smallest());
        Assert.Equal(200 * MiB, sizes.Smallest(Precision.Fp16));
    }

    [Theory]
    [InlineData(82, 165, 660, PrecisionSupport.Fp32 | PrecisionSupport.Fp16 | PrecisionSupport.Int8)] // RTX 4090-like
    [InlineData(35, 35, 0, PrecisionSupport.Fp32 | PrecisionSupport.Fp16)] // useful fp16, no int8
    [InlineData(5, 1, 0, PrecisionSupport.Fp32)] // weak fp16 (Pascal consumer), no int8
    [InlineData(0, 0, 0, PrecisionSupport.Fp32 | PrecisionSupport.Fp16 | PrecisionSupport.Int8)] // unknown card: no rates, nothing skipped
    public void Precisions_a_card_runs_well_follow_its_rates(double fp32, double fp16, double int8, PrecisionSupport expected) =>
        Assert.Equal(expected, ModelFit.Supported(fp32, fp16, int8));
}
