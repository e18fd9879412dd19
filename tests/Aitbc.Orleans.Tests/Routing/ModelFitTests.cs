using Aitbc.Orleans.Routing;

namespace Aitbc.Orleans.Tests.Routing;

public sealed class ModelFitTests
{
    [Theory]
    [InlineData(24, 82, 165, 660, 4)] // fp16 and int8: int8 decides
    [InlineData(12, 35, 35, 0, 2)] // useful fp16, no int8
    [InlineData(4, 5, 1, 0, 1)] // weak fp16, no int8: fp32 only
    public void The_largest_model_is_where_the_required_memory_meets_the_card_at_its_best_precision(double vramGb, double fp32, double fp16, double int8, int divisor)
    {
        var largest = ModelFit.LargestModelBytes(vramGb, fp32, fp16, int8);

        Assert.Equal(vramGb, ModelFit.RequiredGb((long)largest, divisor), 6);
        Assert.True(ModelFit.Fits((long)largest - 1, vramGb, fp32, fp16, int8));
        Assert.False(ModelFit.Fits((long)largest + 1024, vramGb, fp32, fp16, int8));
    }

    [Fact]
    public void A_card_smaller_than_the_runtime_holds_nothing()
    {
        Assert.True(ModelFit.LargestModelBytes(0.25, 1, 1, 0) < 0);
        Assert.False(ModelFit.Fits(0, 0.25, 1, 1, 0));
    }
}
